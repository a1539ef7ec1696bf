"""MiniStack's coordinates for the measuring scripts, as scripts/with-emulators.sh exports them."""

import os
import sys

REGION = "us-east-1"


def environment(program):
    """AWS_ENDPOINT_URL, the test user's keys and AWS_REGION for MiniStack; exits with one line naming `program`
    when the script is not running under scripts/with-emulators.sh."""
    try:
        return {
            "AWS_ENDPOINT_URL": os.environ["AWSKIT_TEST_MINISTACK_ENDPOINT"],
            "AWS_ACCESS_KEY_ID": os.environ["AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID"],
            "AWS_SECRET_ACCESS_KEY": os.environ["AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY"],
            "AWS_REGION": REGION,
        }
    except KeyError as missing:
        sys.exit(f"{program}: {missing} is not set: run under scripts/with-emulators.sh")
