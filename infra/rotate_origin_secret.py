"""`make rotate-origin-secret`: a new value for the header CloudFront adds to API requests (X-Torget-Origin),
without refusing one request on the way. Run it with an administrator's credentials (the deploy role may not
change the distribution).

1. the new value becomes the secret's current version (the old one its previous: the functions accept both);
2. a pause while every warm function reads the secret again (they keep it config.ORIGIN_SECRET_SECONDS);
3. the distribution's API origins send the new value (CloudFront rolls it out to its edges);
4. when the distribution is deployed, the old value stops being accepted.

The stack's template reads the secret at deploy time ({{resolve:secretsmanager:…}}), so a later `make
deploy` sends the same, new value.
"""

import argparse
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "functions"))

from chalicelib.config import ORIGIN_SECRET_SECONDS  # noqa: E402

from infra.deploy import stack_outputs  # noqa: E402
from infra.settings import load  # noqa: E402

HEADER = "X-Torget-Origin"


def rotate(secret_id: str, distribution_id: str, *, secretsmanager, cloudfront, pause=time.sleep,
           say=print, wait=True) -> str:
    """Rotates and returns the new value's version id. `pause(seconds)` waits for the functions."""
    if not _api_origins(cloudfront.get_distribution_config(Id=distribution_id)["DistributionConfig"]):
        raise SystemExit(f"distribution {distribution_id} has no origin with {HEADER}: is it Torget's?")
    old = secretsmanager.describe_secret(SecretId=secret_id)
    old_version = next(version for version, stages in old["VersionIdsToStages"].items() if "AWSCURRENT" in stages)
    new = secretsmanager.put_secret_value(SecretId=secret_id, SecretString=secrets.token_hex(24))
    value = secretsmanager.get_secret_value(SecretId=secret_id, VersionId=new["VersionId"])["SecretString"]
    say(f"[1/4] new value stored (version {new['VersionId']}); the functions accept the old and the new")
    say(f"[2/4] waiting {ORIGIN_SECRET_SECONDS} s for warm functions to read it")
    pause(ORIGIN_SECRET_SECONDS)
    found = cloudfront.get_distribution_config(Id=distribution_id)
    config = found["DistributionConfig"]
    headers = _api_origins(config)
    for header in headers:
        header["HeaderValue"] = value
    cloudfront.update_distribution(Id=distribution_id, IfMatch=found["ETag"], DistributionConfig=config)
    say(f"[3/4] {len(headers)} API origins of {distribution_id} send the new value; CloudFront deploys it")
    if wait:
        cloudfront.get_waiter("distribution_deployed").wait(Id=distribution_id)
    secretsmanager.update_secret_version_stage(SecretId=secret_id, VersionStage="AWSPREVIOUS",
                                               RemoveFromVersionId=old_version)
    say(f"[4/4] the old value is no longer accepted (within {ORIGIN_SECRET_SECONDS} s)")
    return new["VersionId"]


def _api_origins(config: dict) -> list[dict]:
    """The origins' X-Torget-Origin header entries (the REST and the WebSocket API's), to change in place."""
    return [header for origin in config["Origins"]["Items"] for header in origin.get("CustomHeaders", {}).get("Items", [])
            if header["HeaderName"].lower() == HEADER.lower()]


def main(argv=None) -> int:
    import boto3

    parser = argparse.ArgumentParser(description="Rotate the secret CloudFront adds to API requests")
    parser.add_argument("--settings", type=Path, default=ROOT / "deploy.toml")
    args = parser.parse_args(argv)
    settings = load(args.settings)
    outputs = stack_outputs(settings)
    rotate(outputs["OriginSecretArn"], outputs["DistributionId"],
           secretsmanager=boto3.client("secretsmanager", region_name=settings.region),
           cloudfront=boto3.client("cloudfront"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
