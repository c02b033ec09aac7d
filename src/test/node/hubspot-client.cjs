// Drives the HubSpot sandbox with HubSpot's official Node SDK (@hubspot/api-client); exits non-zero on any
// mismatch. Env: HUBSPOT_BASE_URL, HUBSPOT_TOKEN, HUBSPOT_CLIENT_SECRET.
'use strict';
const http = require('http');
const { Client, Signature } = require('@hubspot/api-client');

const base = process.env.HUBSPOT_BASE_URL;
const client = new Client({ accessToken: process.env.HUBSPOT_TOKEN, basePath: base, numberOfApiCallRetries: 0 });

function check(condition, message) {
  if (!condition) {
    throw new Error('mismatch: ' + message);
  }
}

async function admin(method, path, body) {
  const response = await fetch(base + '/_sandbox/' + path, {
    method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  check(response.ok, method + ' /_sandbox/' + path + ' answered ' + response.status);
}

/** Receives one webhook POST and checks its v3 signature with the SDK's own helper. */
function webhookReceiver() {
  return new Promise((resolveServer) => {
    let deliver;
    const delivered = new Promise((resolve) => { deliver = resolve; });
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        res.writeHead(204);
        res.end();
        deliver({ url: 'http://127.0.0.1:' + server.address().port + req.url, body, headers: req.headers });
      });
    });
    server.listen(0, '127.0.0.1', () => resolveServer({ server, delivered }));
  });
}

async function main() {
  const { server, delivered } = await webhookReceiver();
  await admin('PUT', 'webhooks/subscription', {
    targetUrl: 'http://127.0.0.1:' + server.address().port + '/hubspot', subscriptionTypes: ['contact.creation'],
  });

  const created = await client.crm.contacts.basicApi.create({ properties: { email: 'sdk@example.com', firstname: 'Sdk' }, associations: [] });
  check(/^\d+$/.test(created.id), 'create returns a numeric id');
  check(created.properties.email === 'sdk@example.com', 'create echoes email');
  check(created.createdAt instanceof Date, 'createdAt parses as a date');

  const read = await client.crm.contacts.basicApi.getById(created.id, ['email', 'firstname'], ['firstname']);
  check(read.properties.firstname === 'Sdk', 'getById returns firstname');
  check(read.propertiesWithHistory.firstname[0].sourceType === 'INTEGRATION', 'history names the integration');

  const batch = await client.crm.contacts.batchApi.create({ inputs: [
    { properties: { email: 'b1@example.com', lastname: 'One' }, associations: [] },
    { properties: { email: 'b2@example.com', lastname: 'Two' }, associations: [] }] });
  check(batch.status === 'COMPLETE' && batch.results.length === 2, 'batch create makes two');

  const batchRead = await client.crm.contacts.batchApi.read({ properties: ['lastname'], propertiesWithHistory: [],
    inputs: batch.results.map((r) => ({ id: r.id })) });
  check(batchRead.results.length === 2, 'batch read finds both');

  const upserted = await client.crm.contacts.batchApi.upsert({ inputs: [
    { id: 'b1@example.com', idProperty: 'email', properties: { lastname: 'Uno' } }] });
  check(upserted.results[0].id === batch.results.find((r) => r.properties.email === 'b1@example.com').id, 'upsert updates by email');

  const search = await client.crm.contacts.searchApi.doSearch({
    filterGroups: [{ filters: [{ propertyName: 'lastname', operator: 'EQ', value: 'uno' }] }],
    sorts: [], properties: ['email', 'lastname'], limit: 10, after: '0' });
  check(search.total === 1 && search.results[0].properties.email === 'b1@example.com', 'search finds the upserted contact');

  const company = await client.crm.companies.basicApi.create({ properties: { name: 'Sdk Inc' }, associations: [] });
  await client.crm.associations.v4.basicApi.createDefault('contacts', created.id, 'companies', company.id);
  const associated = await client.crm.associations.v4.basicApi.getPage('contacts', created.id, 'companies');
  check(associated.results.length === 1 && String(associated.results[0].toObjectId) === company.id, 'association listed');
  check(associated.results[0].associationTypes.some((t) => t.typeId === 279), 'unlabelled contact→company type 279');

  let refused = false;
  try {
    await client.crm.contacts.basicApi.create({ properties: { email: 'sdk@example.com' }, associations: [] });
  } catch (e) {
    refused = e.code === 409;
  }
  check(refused, 'a duplicate email is a 409 the SDK surfaces');

  const hook = await Promise.race([delivered, new Promise((_, reject) => setTimeout(() => reject(new Error('no webhook')), 10000))]);
  server.close();
  const events = JSON.parse(hook.body);
  check(events.length >= 1 && events[0].subscriptionType === 'contact.creation', 'a contact.creation event arrives');
  check(events.every((e) => e.changeSource === 'INTEGRATION'), 'API writes carry changeSource INTEGRATION');
  if (typeof Signature.isValid === 'function') {
    check(Signature.isValid({ signatureVersion: 'v3', method: 'POST', url: hook.url, requestBody: hook.body,
      clientSecret: process.env.HUBSPOT_CLIENT_SECRET, signature: hook.headers['x-hubspot-signature-v3'],
      timestamp: Number(hook.headers['x-hubspot-request-timestamp']) }), 'the SDK accepts the v3 signature');
    check(!Signature.isValid({ signatureVersion: 'v3', method: 'POST', url: hook.url, requestBody: hook.body + ' ',
      clientSecret: process.env.HUBSPOT_CLIENT_SECRET, signature: hook.headers['x-hubspot-signature-v3'],
      timestamp: Number(hook.headers['x-hubspot-request-timestamp']) }), 'the SDK refuses a changed body');
  }
  console.log('ok: contacts, batch, upsert, search, associations, errors and webhook signature match the SDK');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
