"""LocalStack "ready" hook: creates crmsync's DynamoDB tables and SQS queues on LocalStack.

Reads the one definition, infra/aws-resources.json (mounted read-only at /etc/crmsync/aws-resources.json by
docker-compose.yml), and creates every table and queue in it with the name prefix "crmsync-" (so the links
table is "crmsync-links", the change queue "crmsync-changes"), dead-letter redrive included.

Idempotent: a table that exists is left alone (a warning is logged if its keys differ from the definition);
a queue that exists gets the definition's attributes and redrive policy set again. LocalStack runs .py hooks
inside its own Python process (boto3 is there). The same file also runs from the host against a LocalStack
started some other way:

    CRMSYNC_RESOURCES=infra/aws-resources.json python3 infra/localstack/init/ready.d/create-resources.py
"""

import json
import logging
import os
import time

import boto3
from botocore.exceptions import ClientError

LOG = logging.getLogger("crmsync.localstack")

DEFINITION = os.environ.get("CRMSYNC_RESOURCES", "/etc/crmsync/aws-resources.json")
PREFIX = os.environ.get("CRMSYNC_PREFIX", "crmsync-")
ENDPOINT = os.environ.get("CRMSYNC_AWS_ENDPOINT", "http://localhost:4566")
REGION = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")


def _client(service):
    # "test"/"test" are LocalStack's documented placeholder credentials (account 000000000000), not secrets.
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
    )


def _key_schema(partition_key, sort_key=None):
    schema = [{"AttributeName": partition_key["name"], "KeyType": "HASH"}]
    if sort_key:
        schema.append({"AttributeName": sort_key["name"], "KeyType": "RANGE"})
    return schema


def _table_request(table):
    attributes = {}
    for key in (table.get("partitionKey"), table.get("sortKey")):
        if key:
            attributes[key["name"]] = key["type"]
    indexes = []
    for index in table.get("globalSecondaryIndexes") or []:
        for key in (index.get("partitionKey"), index.get("sortKey")):
            if key:
                attributes[key["name"]] = key["type"]
        indexes.append({
            "IndexName": index["name"],
            "KeySchema": _key_schema(index["partitionKey"], index.get("sortKey")),
            "Projection": {"ProjectionType": index.get("projection", "ALL")},
        })
    request = {
        "TableName": PREFIX + table["name"],
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": _key_schema(table["partitionKey"], table.get("sortKey")),
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in attributes.items()],
    }
    if indexes:
        request["GlobalSecondaryIndexes"] = indexes
    return request


def create_tables(dynamodb, tables):
    for table in tables:
        request = _table_request(table)
        name = request["TableName"]
        try:
            dynamodb.create_table(**request)
            dynamodb.get_waiter("table_exists").wait(TableName=name)
            LOG.warning("crmsync: created table %s", name)
        except ClientError as e:
            if e.response["Error"]["Code"] != "ResourceInUseException":
                raise
            existing = dynamodb.describe_table(TableName=name)["Table"]
            existing_indexes = sorted(i["IndexName"] for i in existing.get("GlobalSecondaryIndexes", []))
            wanted_indexes = sorted(i["IndexName"] for i in request.get("GlobalSecondaryIndexes", []))
            if existing["KeySchema"] != request["KeySchema"] or existing_indexes != wanted_indexes:
                LOG.warning("crmsync: table %s exists with other keys or indexes than infra/aws-resources.json;"
                            " delete it (or restart LocalStack) to recreate it", name)
            else:
                LOG.warning("crmsync: table %s exists", name)


def _queue_attributes(queue):
    return {
        "VisibilityTimeout": str(queue["visibilityTimeoutSeconds"]),
        "MessageRetentionPeriod": str(queue["messageRetentionSeconds"]),
        "ReceiveMessageWaitTimeSeconds": str(queue["receiveMessageWaitTimeSeconds"]),
    }


def create_queues(sqs, queues):
    urls = {}
    # First every queue with its own attributes, so that dead-letter targets exist before the redrive is set.
    for queue in queues:
        name = PREFIX + queue["name"]
        attributes = _queue_attributes(queue)
        try:
            urls[queue["logicalId"]] = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
            LOG.warning("crmsync: queue %s ready", name)
        except ClientError as e:
            if e.response["Error"]["Code"] not in ("QueueAlreadyExists", "QueueNameExists",
                                                   "AWS.SimpleQueueService.QueueNameExists"):
                raise
            urls[queue["logicalId"]] = sqs.get_queue_url(QueueName=name)["QueueUrl"]
            sqs.set_queue_attributes(QueueUrl=urls[queue["logicalId"]], Attributes=attributes)
            LOG.warning("crmsync: queue %s existed; attributes set from the definition", name)
    for queue in queues:
        dead_letter = queue.get("deadLetter")
        if not dead_letter:
            continue
        target = sqs.get_queue_attributes(QueueUrl=urls[dead_letter["logicalId"]],
                                          AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        policy = {"deadLetterTargetArn": target, "maxReceiveCount": str(dead_letter["maxReceiveCount"])}
        sqs.set_queue_attributes(QueueUrl=urls[queue["logicalId"]], Attributes={"RedrivePolicy": json.dumps(policy)})
        LOG.warning("crmsync: queue %s redrives to %s after %s receives",
                    PREFIX + queue["name"], target, dead_letter["maxReceiveCount"])
    return urls


def main():
    with open(DEFINITION, encoding="utf-8") as f:
        definition = json.load(f)
    started = time.monotonic()
    create_tables(_client("dynamodb"), definition.get("tables", []))
    urls = create_queues(_client("sqs"), definition.get("queues", []))
    LOG.warning("crmsync: resources ready in %.1f s; queue URLs: %s", time.monotonic() - started,
                ", ".join(sorted(urls.values())))


# LocalStack runs .py hooks with exec(source, {}): no __name__ is defined there, so run main() then too.
if globals().get("__name__", "__main__") == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
