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
    from chalicelib import uploads

    uploads.s3().create_bucket(Bucket=uploads.bucket(),
                               CreateBucketConfiguration={"LocationConstraint": os.environ["AWS_DEFAULT_REGION"]})
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


def save_uploads(folder: str) -> int:
    """Copy the uploads bucket to files beside the snapshot; return the count."""
    from chalicelib import uploads

    s3, count = uploads.s3(), 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=uploads.bucket()):
        for entry in page.get("Contents", []):
            stored = s3.get_object(Bucket=uploads.bucket(), Key=entry["Key"])
            target = os.path.join(folder, entry["Key"])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(stored["Body"].read())
            with open(target + ".type", "w") as out:
                out.write(stored.get("ContentType", "application/octet-stream"))
            count += 1
    return count


def load_uploads(folder: str) -> int:
    from chalicelib import uploads

    count = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(".type"):
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as data, open(path + ".type") as kind:
                uploads.s3().put_object(Bucket=uploads.bucket(), Key=os.path.relpath(path, folder),
                                        Body=data.read(), ContentType=kind.read())
            count += 1
    return count


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
