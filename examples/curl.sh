#!/usr/bin/env sh
# Switchboard with curl: list models, one streamed chat completion, then the key's usage.
# Run `npm run dev` in another terminal, then: sh examples/curl.sh
set -eu
URL="${SWITCHBOARD_URL:-http://127.0.0.1:8787}"
KEY="${SWITCHBOARD_KEY:-sb-dev-key-1}"

echo "== models (the first few hundred bytes)"
curl -sS "$URL/v1/models" -H "authorization: Bearer $KEY" | head -c 300
echo

echo "== streamed chat completion (-N: print events as they arrive)"
curl -sS -N "$URL/v1/chat/completions" \
  -H "authorization: Bearer $KEY" \
  -H 'content-type: application/json' \
  -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Count from 1 to 5."}],"stream":true,"stream_options":{"include_usage":true}}'

echo "== this key's usage per model (accounted a second or two after each request)"
curl -sS "$URL/v1/usage?group_by=model" -H "authorization: Bearer $KEY"
echo
