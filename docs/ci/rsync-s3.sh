#!/usr/bin/env bash
# Any static host: build, then copy the folder. Run from the project folder.
set -euo pipefail
cxreport check
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) cxreport build --output public
# Either a web server over SSH ...
rsync -av --delete public/ user@example.org:/var/www/cx-report/
# ... or an S3 bucket (with the AWS CLI configured).
aws s3 sync public/ s3://example-cx-report/ --delete
