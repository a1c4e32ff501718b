#!/usr/bin/env bash
# Until the first release, the schema is one initial migration, regenerated from the models.
# After a release, write a new revision instead (alembic revision --autogenerate).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f vfo_app/migrations/versions/*.py
VFO_DATABASE_URL="sqlite:///$tmp/gen.db" .venv/bin/alembic revision --autogenerate \
  --rev-id 0001 -m "initial schema" >/dev/null
VFO_DATABASE_URL="sqlite:///$tmp/check.db" .venv/bin/alembic upgrade head >/dev/null
VFO_DATABASE_URL="sqlite:///$tmp/check.db" .venv/bin/alembic check
rm -rf "$tmp"
