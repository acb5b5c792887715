"""The site's "page not found", for the origin group's fallback: when the site bucket has no such file,
CloudFront asks this function (through its URL, signed by Origin Access Control) and shows the site's own
404 page with status 404. Only the site's paths fail over here; the API's answers pass unchanged."""

import os

import boto3

PAGES = {}


def handler(event, context):
    key = "en/404.html" if event.get("rawPath", "").startswith("/en/") else "404.html"
    if key not in PAGES:
        body = boto3.client("s3").get_object(Bucket=os.environ["SITE_BUCKET"], Key=key)["Body"].read()
        PAGES[key] = body.decode("utf-8")
    return {"statusCode": 404, "body": PAGES[key],
            "headers": {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "max-age=60"}}
