// Drives the Salesforce sandbox with jsforce (Salesforce's ecosystem Node client, v3) and exits non-zero on
// any mismatch. Env: SF_LOGIN_URL, SF_CLIENT_ID, SF_CLIENT_SECRET, SF_SEEDED_LEADS (rows seeded beforehand).
'use strict';
const jsforce = require('jsforce');
const assert = require('node:assert/strict');

const EXT = 'HubSpot_Contact_Id__c';

async function token() {
  const response = await fetch(process.env.SF_LOGIN_URL + '/services/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: process.env.SF_CLIENT_ID,
      client_secret: process.env.SF_CLIENT_SECRET,
    }),
  });
  assert.equal(response.status, 200, 'token endpoint');
  return response.json();
}

async function main() {
  const session = await token();
  const conn = new jsforce.Connection({
    instanceUrl: session.instance_url,
    accessToken: session.access_token,
    version: '62.0',
    callOptions: { client: 'jsforce-conformance' },
  });
  const Lead = conn.sobject('Lead');

  const created = await Lead.create({ LastName: 'Lovelace', Company: 'Analytical Engines', Email: 'ada@example.com' });
  assert.equal(created.success, true, 'create success');
  assert.match(created.id, /^00Q[0-9A-Za-z]{15}$/, 'create id');

  const retrieved = await Lead.retrieve(created.id);
  assert.equal(retrieved.Id, created.id, 'retrieve Id');
  assert.equal(retrieved.Email, 'ada@example.com', 'retrieve Email');
  assert.equal(retrieved.attributes.type, 'Lead', 'retrieve attributes');

  const updated = await Lead.update({ Id: created.id, Title: 'Countess' });
  assert.equal(updated.success, true, 'update success');
  assert.equal((await Lead.retrieve(created.id)).Title, 'Countess', 'update applied');

  const inserted = await Lead.upsert({ [EXT]: 'hs-501', LastName: 'Hopper', Company: 'Navy' }, EXT);
  assert.equal(inserted.success, true, 'upsert insert');
  assert.equal(inserted.created, true, 'upsert created');
  const again = await Lead.upsert({ [EXT]: 'hs-501', Title: 'Admiral' }, EXT);
  assert.equal(again.created, false, 'upsert update');
  assert.equal(again.id, inserted.id, 'upsert same record');

  const batch = await Lead.create([
    { LastName: 'A', Company: 'C', [EXT]: 'hs-a' },
    { LastName: 'B', Company: 'C', [EXT]: 'hs-b' },
  ], { allOrNone: true });
  assert.equal(batch.length, 2, 'collection results');
  assert.ok(batch.every((r) => r.success), 'collection created');

  const rolledBack = await Lead.create([
    { LastName: 'D', Company: 'C', [EXT]: 'hs-d' },
    { LastName: 'E', Company: 'C', [EXT]: 'hs-a' },
  ], { allOrNone: true });
  assert.equal(rolledBack[0].success, false, 'rolled back record fails');
  assert.equal(rolledBack[0].errors[0].statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK', 'rollback code');
  assert.equal(rolledBack[1].errors[0].statusCode, 'DUPLICATE_VALUE', 'duplicate code');
  const afterRollback = await conn.query("SELECT COUNT() FROM Lead WHERE " + EXT + " = 'hs-d'");
  assert.equal(afterRollback.totalSize, 0, 'allOrNone left nothing behind');

  const seeded = Number(process.env.SF_SEEDED_LEADS);
  const expected = seeded + 4;
  const all = await conn.query('SELECT Id, LastName FROM Lead', { autoFetch: true, maxFetch: 10000 });
  assert.equal(all.totalSize, expected, 'totalSize');
  assert.equal(all.records.length, expected, 'autoFetch fetched every page');
  assert.equal(new Set(all.records.map((r) => r.Id)).size, expected, 'no duplicate rows across pages');

  const firstPage = await conn.query('SELECT Id FROM Lead');
  assert.equal(firstPage.done, false, 'first page not done');
  assert.equal(firstPage.records.length, 2000, 'first page size');
  const secondPage = await conn.queryMore(firstPage.nextRecordsUrl);
  assert.equal(secondPage.records.length, expected - 2000, 'second page size');
  assert.equal(secondPage.done, true, 'second page done');

  const describe = await Lead.describe();
  assert.equal(describe.name, 'Lead', 'describe name');
  assert.equal(describe.keyPrefix, '00Q', 'describe keyPrefix');
  const ext = describe.fields.find((f) => f.name === EXT);
  assert.ok(ext && ext.externalId && ext.unique, 'describe external id');
  const status = describe.fields.find((f) => f.name === 'Status');
  assert.ok(status.picklistValues.some((v) => v.value === 'Closed - Converted'), 'describe picklist');

  const destroyed = await Lead.destroy(created.id);
  assert.equal(destroyed.success, true, 'delete');
  try {
    await Lead.update({ Id: created.id, Title: 'x' });
    assert.fail('update of a deleted record must fail');
  } catch (e) {
    assert.equal(e.errorCode, 'ENTITY_IS_DELETED', 'update deleted');
  }
  const deletedCount = await conn.query('SELECT Id FROM Lead WHERE IsDeleted = true', { scanAll: true });
  assert.equal(deletedCount.totalSize, 1, 'queryAll sees the recycle bin');

  console.log(JSON.stringify({ ok: true, rows: all.records.length }));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
