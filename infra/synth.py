"""The stack synthesized in this process, as `make deploy` would deploy it, with a fresh CloudFront key pair:
for the tests (tests/infra/test_stack.py) and the production rehearsal (infra/rehearsal.py)."""

import os
from pathlib import Path


def synthesize(folder: Path, **settings):
    """(the template as an aws_cdk.assertions.Template, the private key PEM its public key belongs to, the
    firewall stack's template or None).
    `settings` go into DeploySettings; cdk.out/ (with the Lambda package chalice builds) lands in `folder`.
    The environment is given back afterwards: chalice's packager writes the stack's variables into it."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from aws_cdk import App
    from aws_cdk.assertions import Template
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from infra.settings import DeploySettings
    from infra.stack import build

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "public.pem").write_bytes(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    saved = dict(os.environ)
    try:
        os.environ.setdefault("AWS_DEFAULT_REGION", "eu-north-1")  # chalice's packager asks botocore for one
        stack, firewall = build(App(outdir=str(folder / "cdk.out")),
                                DeploySettings(cdn_public_key_file=str(folder / "public.pem"), **settings),
                                account="123456789012")
        template = Template.from_stack(stack)
        firewall = Template.from_stack(firewall) if firewall else None
    finally:
        os.environ.clear()
        os.environ.update(saved)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return template, pem, firewall
