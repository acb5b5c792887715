"""DynamoDB access through the low-level client, created on first use.

Nothing here knows about HTTP. Storage failures that callers must handle
come out as domain errors; anything else is a bug and surfaces as one.
"""

import random
import time
from functools import lru_cache

from chalicelib.config import settings
from chalicelib.errors import Unavailable

_serializer = None
_deserializer = None


# Throttling and server-side failures that survive botocore's own retries: the request
# fails as a whole with 503 + Retry-After instead of a 500.
RETRYABLE = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
             "InternalServerError", "ServiceUnavailable", "TransactionInProgressException"}
BUSY_REASONS = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}


class _Guarded:
    """The DynamoDB client, with RETRYABLE errors raised as the domain's Unavailable."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        attribute = getattr(self._real, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            from botocore.exceptions import ClientError

            try:
                return attribute(*args, **kwargs)
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") in RETRYABLE:
                    raise Unavailable() from error
                raise

        return call


@lru_cache(maxsize=1)
def client():
    # Imported here: boto3 costs ~165 ms of cold start and only some
    # requests (health, static errors) never touch the table.
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=3, read_timeout=8)
    return _Guarded(boto3.client("dynamodb", config=config))


def table_name() -> str:
    return settings().table_name


def to_item(values: dict) -> dict:
    global _serializer
    if _serializer is None:
        from boto3.dynamodb.types import TypeSerializer

        _serializer = TypeSerializer()
    return {k: _serializer.serialize(v) for k, v in values.items() if v is not None}


def from_item(item: dict | None) -> dict | None:
    global _deserializer
    if item is None:
        return None
    if _deserializer is None:
        from boto3.dynamodb.types import TypeDeserializer

        _deserializer = TypeDeserializer()
    return {k: _deserializer.deserialize(v) for k, v in item.items()}


def get(key: dict, consistent: bool = False) -> dict | None:
    response = client().get_item(TableName=table_name(), Key=to_item(key), ConsistentRead=consistent)
    return from_item(response.get("Item"))


def put(values: dict, condition: str | None = None, names: dict | None = None, values_expr: dict | None = None) -> bool:
    """Write an item; with a condition, return False when it does not hold."""
    kwargs = _with_condition({"TableName": table_name(), "Item": to_item(values)}, condition, names, values_expr)
    try:
        client().put_item(**kwargs)
    except client().exceptions.ConditionalCheckFailedException:
        return False
    return True


def take(key: dict, condition: str | None = None, names: dict | None = None, values_expr: dict | None = None) -> dict | None:
    """Delete an item and return what it held, or None when it was not there.

    Two callers racing for the same item: exactly one gets it (single use).
    """
    kwargs = {
        "TableName": table_name(),
        "Key": to_item(key),
        "ReturnValues": "ALL_OLD",
        "ConditionExpression": "attribute_exists(PK)" + (f" AND ({condition})" if condition else ""),
    }
    if names:
        kwargs["ExpressionAttributeNames"] = names
    if values_expr:
        kwargs["ExpressionAttributeValues"] = to_item(values_expr)
    try:
        response = client().delete_item(**kwargs)
    except client().exceptions.ConditionalCheckFailedException:
        return None
    return from_item(response.get("Attributes"))


def delete(key: dict) -> None:
    client().delete_item(TableName=table_name(), Key=to_item(key))


def update(key: dict, expression: str, names: dict, values: dict, condition: str | None = None,
           returns: str = "ALL_NEW") -> dict | None:
    """Update attributes; return the new item (or what `returns` asks for), None when the condition fails."""
    kwargs = {
        "TableName": table_name(),
        "Key": to_item(key),
        "UpdateExpression": expression,
        "ExpressionAttributeNames": names,
        "ReturnValues": returns,
    }
    if values:  # DynamoDB refuses an empty map (a REMOVE needs none)
        kwargs["ExpressionAttributeValues"] = to_item(values)
    if condition:
        kwargs["ConditionExpression"] = condition
    try:
        response = client().update_item(**kwargs)
    except client().exceptions.ConditionalCheckFailedException:
        return None
    return from_item(response.get("Attributes")) if "Attributes" in response else ({} if returns != "ALL_NEW" else None)


class Cancelled(Exception):
    """A transaction did not happen; `reasons` has one code per item ("None" where it held)."""

    def __init__(self, reasons: list[str]):
        super().__init__(", ".join(reasons))
        self.reasons = reasons

    def failed(self, index: int) -> bool:
        return index < len(self.reasons) and self.reasons[index] not in ("None", "", None)


def put_action(values: dict, condition: str | None = None, names: dict | None = None, values_expr: dict | None = None) -> dict:
    action = {"TableName": table_name(), "Item": to_item(values)}
    return {"Put": _with_condition(action, condition, names, values_expr)}


def update_action(key: dict, expression: str, names: dict, values: dict, condition: str | None = None) -> dict:
    action = {
        "TableName": table_name(),
        "Key": to_item(key),
        "UpdateExpression": expression,
        "ExpressionAttributeNames": names,
    }
    if values:
        action["ExpressionAttributeValues"] = to_item(values)
    if condition:
        action["ConditionExpression"] = condition
    return {"Update": action}


def delete_action(key: dict, condition: str | None = None, names: dict | None = None, values_expr: dict | None = None) -> dict:
    return {"Delete": _with_condition({"TableName": table_name(), "Key": to_item(key)}, condition, names, values_expr)}


def _with_condition(action: dict, condition, names, values_expr) -> dict:
    if condition:
        action["ConditionExpression"] = condition
    if names:
        action["ExpressionAttributeNames"] = names
    if values_expr:
        action["ExpressionAttributeValues"] = to_item(values_expr)
    return action


def transact(actions: list[dict]) -> None:
    """All actions or none (one TransactWriteItems); raises Cancelled with the reasons.

    Another transaction on the same items at the same moment cancels this one
    with a TransactionConflict: that is retried (twice, with jitter), then Unavailable.
    """
    for attempt in range(3):
        try:
            client().transact_write_items(TransactItems=actions)
            return
        except client().exceptions.TransactionCanceledException as error:
            reasons = [reason.get("Code", "None") for reason in error.response.get("CancellationReasons", [])]
            if not BUSY_REASONS & set(reasons):
                raise Cancelled(reasons) from error
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311 - jitter, not a secret
    raise Unavailable()


def batch_delete(keys: list[dict]) -> None:
    """Delete many items, 25 to a BatchWriteItem (DynamoDB's limit), retrying what it leaves unprocessed.
    Not a transaction: for removals where each item stands alone (erasure, retention)."""
    batch_write([], keys)


def batch_write(puts: list[dict], deletes: list[dict] = ()) -> None:
    """Put and delete many items, 25 to a BatchWriteItem, retrying what it leaves unprocessed. Not a
    transaction: for items derived from another that are rewritten whole (a repeat repairs a failure)."""
    gone = {(key["PK"], key["SK"]) for key in deletes} - {(item["PK"], item["SK"]) for item in puts}
    requests = [{"PutRequest": {"Item": to_item(item)}} for item in {(i["PK"], i["SK"]): i for i in puts}.values()]
    requests += [{"DeleteRequest": {"Key": to_item({"PK": pk, "SK": sk})}} for pk, sk in sorted(gone)]
    for start in range(0, len(requests), 25):
        request = {table_name(): requests[start:start + 25]}
        for attempt in range(8):
            response = client().batch_write_item(RequestItems=request)
            request = response.get("UnprocessedItems") or None
            if not request:
                break
            time.sleep(min(0.05 * 2 ** attempt, 1.0))  # throttled: back off before the leftovers
        else:
            raise Unavailable()


BATCH_MAX = 100  # DynamoDB's limit of keys in one BatchGetItem


def batch_get(keys: list[dict]) -> list[dict]:
    """Every item that exists among the keys: one BatchGetItem per 100 distinct keys (DynamoDB
    refuses more, and refuses duplicates), retried for leftovers."""
    distinct = list({(key["PK"], key["SK"]): key for key in keys}.values())
    found = []
    for start in range(0, len(distinct), BATCH_MAX):
        request = {table_name(): {"Keys": [to_item(key) for key in distinct[start:start + BATCH_MAX]]}}
        while request:
            response = client().batch_get_item(RequestItems=request)
            found.extend(from_item(item) for item in response.get("Responses", {}).get(table_name(), []))
            request = response.get("UnprocessedKeys") or None
    return found


def get_each(keys: list[dict]) -> list[dict | None]:
    """The item at each key, in the keys' order (None where there is none): batch_get for callers
    that want particular items back without matching key strings themselves."""
    found = {(item["PK"], item["SK"]): item for item in batch_get(keys)}
    return [found.get((key["PK"], key["SK"])) for key in keys]


def query(partition: str, prefix: str, limit: int, after: str | None = None, newest_first: bool = True,
          index: str | None = None, only: tuple[str, ...] = ()) -> tuple[list[dict], str | None]:
    """One page of a partition's items whose sort key starts with prefix; returns (items, last sort key).
    `only` names the attributes to read (the rest of each item is not sent)."""
    pk, sk = ("GSI1PK", "GSI1SK") if index else ("PK", "SK")
    values = {":pk": partition, ":prefix": prefix} if prefix else {":pk": partition}
    names = {"#pk": pk, "#sk": sk} if prefix else {"#pk": pk}
    kwargs = {
        "TableName": table_name(),
        "KeyConditionExpression": "#pk = :pk" + (" AND begins_with(#sk, :prefix)" if prefix else ""),
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": to_item(values),
        "ScanIndexForward": not newest_first,
        "Limit": limit,
    }
    if only:
        names.update({f"#o{n}": name for n, name in enumerate(only)})
        kwargs["ProjectionExpression"] = ", ".join(f"#o{n}" for n in range(len(only)))
    if index:
        kwargs["IndexName"] = index
    if after is not None:
        kwargs["ExclusiveStartKey"] = to_item({pk: partition, sk: after}) if not index else to_item(after)
    response = client().query(**kwargs)
    items = [from_item(item) for item in response.get("Items", [])]
    last = response.get("LastEvaluatedKey")
    if last is None:
        return items, None
    return items, (from_item(last)[sk] if not index else from_item(last))


def condition_action(key: dict, condition: str, names: dict, values: dict) -> dict:
    """A transaction item that writes nothing but must hold (e.g. "is still a member")."""
    check = {"TableName": table_name(), "Key": to_item(key), "ConditionExpression": condition}
    if names:
        check["ExpressionAttributeNames"] = names
    if values:
        check["ExpressionAttributeValues"] = to_item(values)
    return {"ConditionCheck": check}
