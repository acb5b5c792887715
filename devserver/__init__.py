"""Local stand-in for CloudFront, API Gateway, DynamoDB and the identity provider.

It wraps the Chalice app in functions/ from outside; functions/ never imports it.
"""

import os
import sys

FUNCTIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "functions")
if FUNCTIONS_DIR not in sys.path:
    sys.path.insert(0, FUNCTIONS_DIR)
