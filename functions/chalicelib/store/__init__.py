"""DynamoDB access through the low-level client, created on first use.

Nothing here knows about HTTP. Storage failures that callers must handle
come out as domain errors; anything else is a bug and surfaces as one.
"""

from functools import lru_cache

from chalicelib.config import settings

_serializer = None
_deserializer = None


@lru_cache(maxsize=1)
def client():
    # Imported here: boto3 costs ~165 ms of cold start and only some
    # requests (health, static errors) never touch the table.
    import boto3

    return boto3.client("dynamodb")


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
    kwargs = {"TableName": table_name(), "Item": to_item(values)}
    if condition:
        kwargs["ConditionExpression"] = condition
    if names:
        kwargs["ExpressionAttributeNames"] = names
    if values_expr:
        kwargs["ExpressionAttributeValues"] = to_item(values_expr)
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


def update(key: dict, expression: str, names: dict, values: dict, condition: str | None = None) -> dict | None:
    """Update attributes; return the new item, or None when the condition fails."""
    kwargs = {
        "TableName": table_name(),
        "Key": to_item(key),
        "UpdateExpression": expression,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": to_item(values),
        "ReturnValues": "ALL_NEW",
    }
    if condition:
        kwargs["ConditionExpression"] = condition
    try:
        response = client().update_item(**kwargs)
    except client().exceptions.ConditionalCheckFailedException:
        return None
    return from_item(response.get("Attributes"))
