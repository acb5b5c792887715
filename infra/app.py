"""The CDK app: `cdk synth` / `cdk deploy` run this (cdk.json), with deploy.toml's settings."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aws_cdk import App  # noqa: E402

from infra.settings import load  # noqa: E402
from infra.stack import build  # noqa: E402

settings = load(Path(os.environ["TORGET_DEPLOY_SETTINGS"]) if os.environ.get("TORGET_DEPLOY_SETTINGS") else None)
app = App()
build(app, settings, account=os.environ.get("CDK_DEFAULT_ACCOUNT"))
app.synth()
