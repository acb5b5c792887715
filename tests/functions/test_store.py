"""The storage layer's own limits: what DynamoDB refuses must never reach it."""

from chalicelib import keys, store


def test_batch_get_takes_any_number_of_keys_and_duplicates(table, dynamodb_calls):
    for n in range(250):
        store.put({**keys.person(f"p{n:03d}"), "id": f"p{n:03d}"})
    wanted = [keys.person(f"p{n:03d}") for n in range(250)] + [keys.person("p001"), keys.person("nobody")]
    dynamodb_calls.clear()
    found = store.batch_get(wanted)
    assert sorted(item["id"] for item in found) == [f"p{n:03d}" for n in range(250)]
    assert dynamodb_calls["BatchGetItem"] == 3  # 251 distinct keys, 100 a call
    assert store.batch_get([]) == []
