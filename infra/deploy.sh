#!/usr/bin/env bash
# `make deploy`: sam deploy of template.yaml with ConfigDigest set, so that any change to the code, the template
# or a parameter value publishes a new version (and SnapStart snapshot) of every function; see the comment at
# AutoPublishAlias in template.yaml for why SAM would not do so by itself.
#
# The first deploy is `sam deploy --guided`: it asks for the parameters and keeps them in samconfig.toml. Later
# deploys take the parameters from samconfig.toml's parameter_overrides (edit it for a lasting change), plus
# PARAMS for this deploy only (e.g. PARAMS='LogRetentionDays=90').
#
# The digest is given on the command line only; samconfig.toml keeps ConfigDigest="" (added if missing). Once a
# function's AutoPublishCodeSha256 is set, SAM names its version after that alone, so a plain `sam deploy` that
# reused the last digest would not publish even a code change; with "" SAM falls back to its own code hash.
# ConfigDigest = SHA-256 over target/function.zip, template.yaml and the parameter values except the NoEcho
# secrets: those the functions read at run time (io.crmsync.secrets.AppSecrets, a new value is in use within
# 5 minutes), and a hash of a secret would show in each function's description.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v sam >/dev/null || { echo "The AWS SAM CLI is needed: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html"; exit 1; }
test -f target/function.zip || { echo "target/function.zip is missing: make build"; exit 1; }

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum | cut -d' ' -f1; else shasum -a 256 | cut -d' ' -f1; fi
}
SECRETS='HubSpotClientSecret|SalesforceClientSecret'

if [ ! -f samconfig.toml ]; then
  echo "First deploy: sam asks for the parameters and keeps them in samconfig.toml (leave ConfigDigest empty)."
  exec sam deploy --template-file template.yaml --guided --capabilities CAPABILITY_IAM
fi

# SAM keeps them as one TOML string: parameter_overrides = "HubSpotAppId=\"123\" LogRetentionDays=\"30\" ...".
saved="$(sed -n 's/^parameter_overrides *= *"\(.*\)" *$/\1/p' samconfig.toml | head -n 1 | sed 's/\\"/"/g')"
if [ -z "$saved" ] && grep -q '^parameter_overrides' samconfig.toml; then
  echo "samconfig.toml's parameter_overrides is not one string; give every parameter in PARAMS instead" >&2
  exit 1
fi
if ! printf '%s' "$saved" | grep -q 'ConfigDigest='; then
  sed -i.bak 's/^\(parameter_overrides *= *".*\)" *$/\1 ConfigDigest=\\"\\""/' samconfig.toml && rm -f samconfig.toml.bak
  echo "samconfig.toml: ConfigDigest=\"\" added to parameter_overrides (see infra/deploy.sh)"
fi
overrides="$(printf '%s %s' "$saved" "${PARAMS:-}" | sed -E 's/(^| )ConfigDigest=("[^"]*"|[^ ]*)//g; s/^ +//')"
# One Key=Value a line (xargs undoes the quoting), the last value of a key winning as in sam, sorted, no secrets:
# the same values give the same digest however they are written.
public="$(printf '%s' "$overrides" | xargs -n 1 printf '%s\n' | awk -F= '{ v[$1] = $0 } END { for (k in v) print v[k] }' \
  | LC_ALL=C sort | grep -Ev "^($SECRETS)=" || true)"
digest="$({ sha256 < target/function.zip; sha256 < template.yaml; printf '%s\n' "$public"; } | sha256)"
echo "ConfigDigest $digest (function.zip, template.yaml, $(printf '%s\n' "$public" | cut -d= -f1 | tr '\n' ' '))"

sam deploy --template-file template.yaml --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
  --parameter-overrides "$overrides ConfigDigest=$digest"
