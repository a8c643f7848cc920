#!/bin/sh
# Sets up Temporal on PostgreSQL, the same way for `npm run cluster` and the cluster tests (lib/temporal-server.ts)
# and for docker-compose.yml (in the temporalio/admin-tools image). Each step is idempotent: run it at every start.
#
#   setup.sh schema     creates Temporal's two databases and brings their schemas up to this server version with
#                       temporal-sql-tool. Reads the server's own variables: DB (postgres12), POSTGRES_SEEDS,
#                       DB_PORT, POSTGRES_USER, POSTGRES_PWD, DBNAME, VISIBILITY_DBNAME; and TEMPORAL_SCHEMA_DIR
#                       (default /etc/temporal/schema, where the admin-tools image keeps the schema files).
#   setup.sh namespace  registers NAMESPACE (default `default`) with NAMESPACE_RETENTION (default 30d) on the
#                       server at TEMPORAL_ADDRESS, unless it is registered already.
#
# TEMPORAL_SQL_TOOL and TEMPORAL_CLI name the binaries when they are not on PATH as temporal-sql-tool / temporal.
set -eu

sql_tool=${TEMPORAL_SQL_TOOL:-temporal-sql-tool}
cli=${TEMPORAL_CLI:-temporal}

case "${1:-}" in
  schema)
    if [ "${DB:-postgres12}" != postgres12 ]; then
      echo "setup.sh: DB=${DB} is not supported here (postgres12 only)" >&2
      exit 2
    fi
    schema_dir="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}/postgresql/v12"
    # temporal-sql-tool reads its connection from SQL_* variables (the password never appears in `ps`).
    SQL_PLUGIN=postgres12
    SQL_HOST=${POSTGRES_SEEDS:?set POSTGRES_SEEDS}
    SQL_PORT=${DB_PORT:-5432}
    SQL_USER=${POSTGRES_USER:?set POSTGRES_USER}
    SQL_PASSWORD=${POSTGRES_PWD:-}
    export SQL_PLUGIN SQL_HOST SQL_PORT SQL_USER SQL_PASSWORD
    for target in "${DBNAME:-temporal}=temporal" "${VISIBILITY_DBNAME:-temporal_visibility}=visibility"; do
      db=${target%%=*}
      schema=${target#*=}
      "$sql_tool" --db "$db" create-database
      "$sql_tool" --db "$db" setup-schema -v 0.0
      "$sql_tool" --db "$db" update-schema -d "$schema_dir/$schema/versioned"
    done
    ;;
  namespace)
    address=${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS}
    namespace=${NAMESPACE:-default}
    registered() { "$cli" operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; }
    if ! registered; then
      # A create refused because another setup registered it meanwhile is fine.
      "$cli" operator namespace create --address "$address" --namespace "$namespace" --retention "${NAMESPACE_RETENTION:-30d}" || registered
    fi
    ;;
  *)
    echo "usage: setup.sh schema|namespace" >&2
    exit 2
    ;;
esac
