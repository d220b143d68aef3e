#!/bin/sh
# The PostgreSQL backup: `pg_dump` of the database in DATABASE_URL into SHUGEN_BACKUP_DIR, then
# the copy is proven readable the way a restore would read it: restored into a scratch
# database beside it, where `shugen audit verify` walks the audit chain, and dropped. Only a
# dump that passed keeps its name (`shugen-<time>.dump`, mode 0600: it holds personal data);
# a failed one is removed and the script exits non-zero. Dumps older than
# SHUGEN_BACKUP_KEEP_DAYS (default 30) are deleted. The data key is not in the dump: keep it
# separately (SECURITY.md). The account needs CREATEDB for the scratch database.
#
#   DATABASE_URL=postgres://shugen@localhost/shugen?host=/run/postgresql \
#   SHUGEN_BACKUP_DIR=/var/backups/shugen deploy/backup-postgres.sh
set -eu
umask 077
: "${DATABASE_URL:?DATABASE_URL names the database to back up}"
dir=${SHUGEN_BACKUP_DIR:-/var/backups/shugen}
keep=${SHUGEN_BACKUP_KEEP_DAYS:-30}
shugen=${SHUGEN_BIN:-/opt/shugen/shugen}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$dir/shugen-$stamp.dump"
part="$file.part"

# The same URL with another database name (libpq URIs: scheme://who@host/NAME?options). A URL
# that names its database otherwise is refused: the scratch restore must never meet the live one.
scratch="shugen_check_$$"
scratch_url=$(printf '%s' "$DATABASE_URL" | sed -E "s#^(postgres(ql)?://[^/?]*/)[^?]+#\1$scratch#")
case "$scratch_url" in
  *"/$scratch"*) ;;
  *) echo "DATABASE_URL must name the database in its path (postgres://who@host/NAME?…)" >&2; exit 2 ;;
esac

mkdir -p "$dir"
created=no
cleanup() {
  rm -f "$part"
  if [ "$created" = yes ]; then
    dropdb --maintenance-db="$DATABASE_URL" --if-exists "$scratch" || true
  fi
}
trap cleanup EXIT

pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$part"
createdb --maintenance-db="$DATABASE_URL" "$scratch"
created=yes
pg_restore --no-owner --exit-on-error --dbname="$scratch_url" "$part"
DATABASE_URL="$scratch_url" "$shugen" audit verify
mv "$part" "$file"
find "$dir" -maxdepth 1 -name 'shugen-*.dump' -mtime +"$keep" -delete
echo "backup written to $file and checked"
