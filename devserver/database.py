"""DynamoDB from moto, in-process, with a snapshot on disk between runs."""

import json
import logging
import os
import time

from chalicelib import keys

log = logging.getLogger("devserver.database")


def start(table_name: str):
    """Start moto's in-process AWS and create the table from the one schema."""
    from moto import mock_aws

    mock = mock_aws()
    mock.start()
    client = dynamodb()
    client.create_table(TableName=table_name, **keys.TABLE_SCHEMA)
    client.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": keys.TTL_ATTRIBUTE},
    )
    return mock


def dynamodb():
    import boto3

    return boto3.client("dynamodb")


def save(table_name: str, path: str) -> int:
    """Write every item to a JSON snapshot (atomically); return the count."""
    client = dynamodb()
    items, start_key = [], None
    while True:
        kwargs = {"TableName": table_name}
        if start_key:
            kwargs["ExclusiveStartKey"] = start_key
        page = client.scan(**kwargs)
        items.extend(page["Items"])
        start_key = page.get("LastEvaluatedKey")
        if not start_key:
            break
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as snapshot:
        json.dump({"items": items}, snapshot)
    os.replace(path + ".tmp", path)
    return len(items)


def load(table_name: str, path: str) -> int:
    """Restore a snapshot, leaving out items whose TTL has passed; return the count."""
    if not os.path.exists(path):
        return 0
    try:
        with open(path, encoding="utf-8") as snapshot:
            items = json.load(snapshot)["items"]
    except (OSError, ValueError, KeyError) as error:
        log.warning("Ignoring unreadable snapshot %s (%s); starting empty", path, error)
        return 0
    now = time.time()
    client = dynamodb()
    kept = 0
    for item in items:
        ttl = item.get(keys.TTL_ATTRIBUTE, {}).get("N")
        if ttl and float(ttl) < now:
            continue
        client.put_item(TableName=table_name, Item=item)
        kept += 1
    return kept
