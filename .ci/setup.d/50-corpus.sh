# The corpus conformance suite (tests/integration/corpus) loads real schemas into PostgreSQL 15,
# and they use contrib extensions: citext, pg_trgm (ours and Danbooru's), btree_gin,
# fuzzystrmatch, pgcrypto and pgstattuple (Danbooru's). On Debian 12 they ship in postgresql-15
# (postgresql-contrib-15 is its alias); install them if a control file is missing.
# Sourced by .ci/run; idempotent and non-interactive.
_corpus_missing=0
for _corpus_ext in citext pg_trgm btree_gin fuzzystrmatch pgcrypto pgstattuple; do
    [ -e "/usr/share/postgresql/15/extension/$_corpus_ext.control" ] || _corpus_missing=1
done
if [ "$_corpus_missing" = 1 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-contrib-15
fi
unset _corpus_missing _corpus_ext
