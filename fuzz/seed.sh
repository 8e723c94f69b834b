#!/usr/bin/env bash
# Seed each fuzz target's corpus (fuzz/corpus/<target>/, not committed) from the public corpus
# (its manifest says each file's dialect) and the repository's own fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out"/{sql_postgres,sql_mysql,sql_sqlite,migrations,prisma,json_model,design}

# Corpus dumps, by the dialect the conformance manifest gives them.
python3 - <<'PY'
import re, shutil, pathlib
text = pathlib.Path("tests/fixtures/corpus/manifest.toml").read_text()
for file, dialect in re.findall(r'file = "([^"]+)"\ndialect = "([a-z]+)"', text):
    src = pathlib.Path("tests/fixtures/corpus") / file
    if not src.exists():
        src = pathlib.Path(file.replace("../shared", "../shared", 1))
    if src.exists():
        target = {"postgres": "sql_postgres", "mysql": "sql_mysql", "sqlite": "sql_sqlite"}[dialect]
        shutil.copy(src, pathlib.Path("fuzz/corpus") / target / src.name.replace("/", "_"))
PY

# The repository's SQL fixtures: a first-line `-- dialect:` or the folder name picks the dialect.
while IFS= read -r -d '' f; do
    case "$f" in
        *mysql*|*mariadb*) t=sql_mysql ;;
        *sqlite*) t=sql_sqlite ;;
        *) t=sql_postgres ;;
    esac
    head -1 "$f" | grep -q 'dialect: *mysql' && t=sql_mysql
    head -1 "$f" | grep -q 'dialect: *sqlite' && t=sql_sqlite
    cp "$f" "$out/$t/$(echo "$f" | tr '/' '_')"
done < <(find tests/fixtures examples -name '*.sql' -size -300k -print0)

# Migrations: a dialect byte (0 postgres, 1 mysql, 2 sqlite) and NUL-separated up scripts.
while IFS= read -r -d '' dir; do
    name=$(echo "$dir" | tr '/' '_')
    { printf '\000'; find "$dir" -name '*.sql' ! -name 'down.sql' ! -name '*.down.sql' | sort | while read -r up; do cat "$up"; printf '\000'; done; } > "$out/migrations/$name"
done < <(find tests/fixtures examples macros/tests -type d -name migrations -print0 2>/dev/null)
# The linter's fixtures: `-- next migration` cuts a file into migrations.
python3 - <<'PY'
import pathlib
for f in pathlib.Path("tests/fixtures/lint").rglob("*.sql"):
    text = f.read_text()
    first = text.split("\n", 1)[0]
    dialect = 1 if "mysql" in first else 2 if "sqlite" in first else 0
    data = bytes([dialect]) + text.replace("\n-- next migration\n", "\0").encode()
    (pathlib.Path("fuzz/corpus/migrations") / ("lint_" + "_".join(f.parts[-2:]))).write_bytes(data)
PY

find backends tests examples -path '*/node_modules' -prune -o -name '*.prisma' -size -300k -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$out/prisma/$(echo "$f" | tr '/' '_')"; done
find tests/fixtures examples -name '*.json' -size -300k -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$out/json_model/$(echo "$f" | tr '/' '_')"; done
find codegen-design docs examples -path '*/node_modules' -prune -o \( -name '*domain*.md' -o -name 'design.md' \) -size -100k -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$out/design/$(echo "$f" | tr '/' '_')"; done
for t in "$out"/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seed(s)"; done
