"""The work queue and its consumer: units on Amazon SQS (moto: SQS has no local engine), partial batch
answers, three tries then the dead-letter side, the same consumer locally."""

import json

import pytest
from chalicelib import jobs, work_queue


@pytest.fixture
def sqs_queue(table, monkeypatch):
    """A real-shaped SQS queue (moto, inside the table fixture's mock) named by WORK_QUEUE_URL."""
    import boto3

    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="torget-work")["QueueUrl"]
    monkeypatch.setenv("WORK_QUEUE_URL", url)
    work_queue._sqs.cache_clear()
    yield sqs, url
    work_queue._sqs.cache_clear()


def received(sqs, url) -> list[dict]:
    found = []
    while True:
        answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        if not answer.get("Messages"):
            return found
        found += answer["Messages"]


def test_units_go_to_sqs_ten_to_a_request_and_the_consumer_reports_only_the_failed(sqs_queue, people, monkeypatch):
    sqs, url = sqs_queue
    people("sara.nilsson", "Sara Nilsson")
    requests = []
    real = work_queue._sqs().send_message_batch
    monkeypatch.setattr(work_queue._sqs(), "send_message_batch", lambda **kw: requests.append(kw) or real(**kw))
    units = [{"ids": [f"p{n}"], "now": 0} for n in range(23)]
    assert work_queue.put("retention", units) == 23
    assert [len(request["Entries"]) for request in requests] == [10, 10, 3]  # SQS's batch limit
    assert not work_queue.PENDING
    messages = received(sqs, url)
    assert sorted(json.loads(m["Body"])["ids"][0] for m in messages) == sorted(f"p{n}" for n in range(23))
    records = [{"messageId": m["MessageId"], "body": m["Body"]} for m in messages[:9]]
    records.append({"messageId": "broken", "body": json.dumps({"job": "retention", "ids": "not a list", "now": "x"})})
    assert jobs.handle({"Records": records}) == {"batchItemFailures": [{"itemIdentifier": "broken"}]}


def test_a_failing_unit_is_tried_three_times_and_the_others_are_not_held_up(table, monkeypatch):
    tries = {"bad": 0, "flaky": 0, "good": 0}

    def unit(body):
        tries[body["name"]] += 1
        if body["name"] == "bad" or (body["name"] == "flaky" and tries["flaky"] == 1):
            raise RuntimeError("a unit that fails")
        return {"ran": 1}

    monkeypatch.setitem(jobs.UNITS, "test", unit)
    work_queue.put("test", [{"name": "bad"}, {"name": "flaky"}, {"name": "good"}])
    done = jobs.drain()
    assert tries == {"bad": jobs.RECEIVES, "flaky": 2, "good": 1}
    assert done["ran"] == 2 and done["dead"] == 1
    assert [json.loads(body)["name"] for body in jobs.DEAD] == ["bad"]


def test_units_a_unit_adds_run_in_the_same_drain(table, monkeypatch):
    monkeypatch.setitem(jobs.UNITS, "parent", lambda body: {"children": work_queue.put("child", [{}] * 12)})
    monkeypatch.setitem(jobs.UNITS, "child", lambda body: {"ran": 1})
    work_queue.put("parent", [{}])
    assert jobs.drain() == {"units": 13, "children": 12, "ran": 12}


def test_units_meant_to_run_together_are_invoked_one_by_one_from_the_work_function(sqs_queue, monkeypatch):
    """In the work function (AWS_LAMBDA_FUNCTION_NAME set), a big room's deliveries are asynchronous
    invocations of itself; one refused (throttled) goes to the queue instead. The invoked unit is the event."""
    sqs, url = sqs_queue
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "torget-Work-1")
    invoked = []

    class Lambda:
        def invoke(self, FunctionName, InvocationType, Payload):
            if json.loads(Payload)["connections"] == ["c-3"]:
                from botocore.exceptions import ClientError

                raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}}, "Invoke")
            invoked.append((FunctionName, InvocationType, json.loads(Payload)))

    monkeypatch.setattr(work_queue, "_lambda", lambda: Lambda())
    units = [{"connections": [f"c-{n}"], "frame": "{}"} for n in range(5)]
    assert work_queue.put("deliver", units, together=True) == 5
    assert sorted(unit["connections"][0] for _, _, unit in invoked) == ["c-0", "c-1", "c-2", "c-4"]
    assert {(name, kind) for name, kind, _ in invoked} == {("torget-Work-1", "Event")}
    assert [json.loads(m["Body"])["connections"] for m in received(sqs, url)] == [["c-3"]]
    # The invoked unit runs as the whole event; a failure raises, so Lambda retries it.
    assert jobs.handle(invoked[0][2]) == {"units": 1, "delivered": 0}
    with pytest.raises(KeyError):
        jobs.handle({"job": "deliver"})
