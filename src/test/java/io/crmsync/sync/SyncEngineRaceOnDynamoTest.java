package io.crmsync.sync;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.store.DynamoLinkStore;

/**
 * {@link SyncEngineRaceTest}'s races with the links in DynamoDB (dynalite), so every link save of a batch goes
 * through {@link DynamoLinkStore#saveAll}: conditional puts side by side, each refused one reported on its own.
 */
class SyncEngineRaceOnDynamoTest extends SyncEngineRaceTest {

    @Override
    LinkStore linkStore() {
        LocalAws aws = SharedLocalAws.get();
        aws.reset();
        return new DynamoLinkStore(aws.dynamo(), aws.tableName("LinksTable"));
    }
}
