"""Pelican settings for the production build (the deploy step)."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "")
FEED_DOMAIN = os.environ.get("PUBLIC_URL", "https://intranet.example.com")
LIVE_RELOAD = False
DEMO_LOGIN_HINT = False
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
