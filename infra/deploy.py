"""`make deploy`: the stack, the site, the CDN, the articles, in that order. Safe to run again.

    python -m infra.deploy                # everything
    python -m infra.deploy --site-only    # content changed, infrastructure did not

1. `cdk bootstrap` (first time in an account and region) and `cdk deploy` of the stack;
2. the site built with publishconf.py for the stack's address, and the content checks;
3. the site uploaded (infra/publish.py), stale files removed, CloudFront invalidated,
   new articles registered with the API's table.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from infra import publish  # noqa: E402
from infra.settings import load  # noqa: E402

OUTPUTS = ROOT / ".torget" / "cdk-outputs.json"


def step(number: int, text: str) -> float:
    print(f"\n[{number}/3] {text}", flush=True)
    return time.perf_counter()


def done(started: float) -> None:
    print(f"  ✓ done in {time.perf_counter() - started:.1f} s", flush=True)


def run(command: list[str], env: dict | None = None) -> None:
    print("  $ " + " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, check=True)


def cdk(settings, settings_file: Path) -> dict:
    import boto3

    env = {"TORGET_DEPLOY_SETTINGS": str(settings_file), "CDK_DEFAULT_REGION": settings.region,
           "AWS_REGION": settings.region, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    account = boto3.client("sts", region_name=settings.region).get_caller_identity()["Account"]
    env["CDK_DEFAULT_ACCOUNT"] = account
    cli = str(ROOT / "node_modules" / ".bin" / "cdk")
    # The firewall's stack (if any) lives in us-east-1: that region is bootstrapped too.
    regions = [settings.region] + (["us-east-1"] if settings.waf_api_requests_per_5_minutes else [])
    for region in dict.fromkeys(regions):
        if bootstrapped(boto3.client("ssm", region_name=region)):
            continue
        if os.environ.get("GITHUB_ACTIONS"):  # the deploy role may not bootstrap; an administrator does it once
            raise SystemExit(f"{account}/{region} is not bootstrapped for the CDK: run "
                             f"`npx cdk bootstrap aws://{account}/{region}` once as an administrator.")
        run([cli, "bootstrap", f"aws://{account}/{region}"], env)
    OUTPUTS.parent.mkdir(exist_ok=True)
    # Deploying the stack deploys the stacks it depends on (the firewall) first.
    run([cli, "deploy", settings.stack, "--require-approval", "never", "--outputs-file", str(OUTPUTS)], env)
    return json.loads(OUTPUTS.read_text())[settings.stack]


BOOTSTRAP_VERSION = "/cdk-bootstrap/hnb659fds/version"  # the parameter `cdk bootstrap` writes (default qualifier)


def bootstrapped(ssm) -> bool:
    """Whether `cdk bootstrap` ran in this account and region: its version parameter exists. Only a missing
    parameter means "not bootstrapped"; any other error (no permission, no network) is raised as it is."""
    try:
        ssm.get_parameter(Name=BOOTSTRAP_VERSION)
    except ssm.exceptions.ParameterNotFound:
        return False
    return True


def stack_outputs(settings) -> dict:
    import boto3

    stacks = boto3.client("cloudformation", region_name=settings.region).describe_stacks(StackName=settings.stack)
    return {item["OutputKey"]: item["OutputValue"] for item in stacks["Stacks"][0].get("Outputs", [])}


def build(url: str, output: Path) -> Path:
    env = {"SITEURL": "", "PUBLIC_URL": url}
    run([sys.executable, "-m", "pelican", "-s", "publishconf.py", "-o", str(output)], env)
    run([sys.executable, "tools/check_content.py", "content", "--site", str(output)])
    return output


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Deploy Torget to AWS")
    parser.add_argument("--settings", type=Path, default=ROOT / "deploy.toml")
    parser.add_argument("--site-only", action="store_true", help="skip cdk deploy; publish the site and articles")
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="where the production build goes")
    args = parser.parse_args(argv)
    settings = load(args.settings)
    os.environ.setdefault("AWS_DEFAULT_REGION", settings.region)

    started = step(1, f"infrastructure: stack {settings.stack} in {settings.region}")
    outputs = stack_outputs(settings) if args.site_only else cdk(settings, args.settings.resolve())
    done(started)

    started = step(2, f"building the site for {outputs['Url']}")
    site = build(outputs["Url"], args.output)
    done(started)

    started = step(3, "publishing")
    os.environ["TABLE_NAME"] = outputs["TableName"]
    publish.publish(site, outputs["SiteBucketName"], outputs["DistributionId"])
    done(started)
    print(f"\nTorget is live at {outputs['Url']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
