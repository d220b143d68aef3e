#!/bin/sh
# The PostgreSQL backup: `pg_dump` of the database in DATABASE_URL into SHUGEN_BACKUP_DIR, then
# the copy is proven readable the way a restore would read it: restored into a scratch
# database beside it, where `shugen audit verify` walks the audit chain, and dropped.
# Exits non-zero, keeping nothing half-written, when any step fails. The data key is not in
# the dump: keep it separately (SECURITY.md).
#
#   DATABASE_URL=postgres://shugen@localhost/shugen?host=/run/postgresql \
#   SHUGEN_BACKUP_DIR=/var/backups/shugen deploy/backup-postgres.sh
set -eu
: "${DATABASE_URL:?DATABASE_URL names the database to back up}"
dir=${SHUGEN_BACKUP_DIR:-/var/backups/shugen}
shugen=${SHUGEN_BIN:-/opt/shugen/shugen}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$dir/shugen-$stamp.dump"
mkdir -p "$dir"

pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$file.part"
mv "$file.part" "$file"

# The same URL with another database name (libpq URIs: scheme://who@host/NAME?options).
scratch="shugen_check_$$"
scratch_url=$(printf '%s' "$DATABASE_URL" | sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\1$scratch#")
createdb --maintenance-db="$DATABASE_URL" "$scratch"
trap 'dropdb --maintenance-db="$DATABASE_URL" --if-exists "$scratch"' EXIT
pg_restore --no-owner --exit-on-error --dbname="$scratch_url" "$file"
DATABASE_URL="$scratch_url" "$shugen" audit verify
echo "backup written to $file and checked"
