#!/usr/bin/env bash
# Creates the Lurus Flow application role and database next to Temporal's.
#
# The official postgres image runs files in /docker-entrypoint-initdb.d exactly once: on the
# first start with an EMPTY data volume. Changing LURUS_DB_* afterwards has no effect here;
# alter the role by hand (ALTER ROLE ... PASSWORD ...) or recreate the volume.
#
# Layout of the shared PostgreSQL server:
#   temporal             superuser (POSTGRES_USER); owns `temporal` + `temporal_visibility`,
#                        which temporalio/auto-setup creates and migrates itself
#   lurus (LURUS_DB_USER) plain login role; owns only the `lurus` database (LURUS_DB_NAME)
#
# This file may be sourced rather than executed by the image's entrypoint, so it sets no
# shell options and never calls `exit`.

: "${LURUS_DB_USER:=lurus}"
: "${LURUS_DB_NAME:=lurus}"
: "${LURUS_DB_PASSWORD:?LURUS_DB_PASSWORD must be set on the postgresql service}"

echo "lurus-init: creating role \"${LURUS_DB_USER}\" and database \"${LURUS_DB_NAME}\""

# Values go in as psql variables (:"ident" / :'literal'), so they are quoted by psql itself.
psql -v ON_ERROR_STOP=1 \
  --username "$POSTGRES_USER" \
  --dbname "$POSTGRES_DB" \
  --set=app_user="$LURUS_DB_USER" \
  --set=app_password="$LURUS_DB_PASSWORD" \
  --set=app_db="$LURUS_DB_NAME" <<-'EOSQL'
	CREATE ROLE :"app_user" WITH LOGIN PASSWORD :'app_password';
	CREATE DATABASE :"app_db" OWNER :"app_user";
EOSQL
