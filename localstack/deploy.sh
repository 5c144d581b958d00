#!/usr/bin/env bash
# Deploys the same CDK app as AWS (infra-cdk/) to a running LocalStack with cdklocal.
#
#   docker compose -f localstack/docker-compose.yml up -d     # with LOCALSTACK_AUTH_TOKEN set
#   localstack/deploy.sh                                     # build, bootstrap, deploy
#   localstack/deploy.sh destroy                             # tear the stack down again
#
# Environment: LOCALSTACK_ENDPOINT (default http://localhost:4566), AWS_DEFAULT_REGION
# (default us-east-1), SKIP_BUILD=1 to reuse the jars already built, ALLOW_COMMUNITY=1 to try
# anyway on the free image (the APIs and CloudFront will fail to create there).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
endpoint=${LOCALSTACK_ENDPOINT:-http://localhost:4566}
region=${AWS_DEFAULT_REGION:-us-east-1}
cdk_version=2.1148.1
cdklocal_version=3.0.4
tools="$here/.tools"

export AWS_DEFAULT_REGION=$region AWS_REGION=$region
export AWS_ENVAR_ALLOWLIST=AWS_REGION,AWS_DEFAULT_REGION   # cdklocal drops other AWS_* variables
export AWS_ENDPOINT_URL=$endpoint
export CDK_DISABLE_CLI_TELEMETRY=true
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

die() { echo "deploy.sh: $*" >&2; exit 1; }

command -v java >/dev/null || die "java (17+) is required"
command -v mvn >/dev/null || die "mvn (3.8+) is required"
command -v npm >/dev/null || die "npm (Node 20+) is required"
command -v curl >/dev/null || die "curl is required"

curl -fsS "$endpoint/_localstack/health" >/dev/null \
  || die "LocalStack is not answering at $endpoint; start it with: docker compose -f $here/docker-compose.yml up -d"

edition=$(curl -fsS "$endpoint/_localstack/info" | sed -n 's/.*"edition": *"\([a-z]*\)".*/\1/p' || true)
if [[ "$edition" != "pro" && "${ALLOW_COMMUNITY:-0}" != "1" ]]; then
  die "LocalStack reports edition '${edition:-unknown}'. The stack uses API Gateway v2 (HTTP + WebSocket)
and CloudFront, which only LocalStack's paid (Pro) image provides. Start localstack/localstack-pro
with LOCALSTACK_AUTH_TOKEN set, or rerun with ALLOW_COMMUNITY=1 to try anyway."
fi

if [[ ! -x "$tools/node_modules/.bin/cdklocal" ]]; then
  echo "Installing aws-cdk@$cdk_version and aws-cdk-local@$cdklocal_version into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent "aws-cdk@$cdk_version" "aws-cdk-local@$cdklocal_version"
fi
cdklocal="$tools/node_modules/.bin/cdklocal"

if [[ "${1:-deploy}" == "destroy" ]]; then
  cd "$root/infra-cdk"
  "$cdklocal" destroy --force --no-notices
  exit 0
fi

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "Building the functions jar and the CDK app"
  (cd "$root" && mvn -B -q package -DskipTests)
fi

cd "$root/infra-cdk"
"$cdklocal" bootstrap --no-notices
# Local tables are throwaway: let `deploy.sh destroy` delete them.
"$cdklocal" deploy --require-approval never --no-notices \
  -c agentchat:retainData=false \
  --outputs-file "$here/outputs.json"

echo
echo "Stack outputs (also in $here/outputs.json):"
cat "$here/outputs.json"
echo
echo "LocalStack serves the APIs on its own host names; list them with:"
echo "  aws --endpoint-url $endpoint apigatewayv2 get-apis --query 'Items[].[Name,ProtocolType,ApiEndpoint]' --output table"
