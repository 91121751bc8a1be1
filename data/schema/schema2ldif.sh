#!/bin/bash
# schema2ldif.sh -- derive casarray.ldif (cn=config form) from casarray.schema
#
# Usage:
#   schema2ldif.sh                 write casarray.ldif next to this script
#   schema2ldif.sh -o FILE         write to FILE ("-" for stdout)
#   schema2ldif.sh --check         exit 1 if casarray.ldif is not what
#                                  casarray.schema generates
#
# The conversion is done by slapd itself: slaptest reads a slapd.conf that
# includes core, cosine, inetorgperson and casarray.schema and converts it
# to a cn=config directory (-F); the casarray schema entry is taken from
# there, renamed to cn=casarray,cn=schema,cn=config and stripped of its
# operational attributes.  Needs slaptest (package slapd).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
schema="$here/casarray.schema"
ldif="$here/casarray.ldif"
sysschema=${CASARRAY_SYSTEM_SCHEMA_DIR:-/etc/ldap/schema}
slaptest=${SLAPTEST:-$(command -v slaptest || echo /usr/sbin/slaptest)}

mode=write
out="$ldif"
while [ $# -gt 0 ]; do
	case "$1" in
	--check) mode=check ;;
	-o) out="$2"; shift ;;
	-h|--help) sed -n '2,16p' "$0"; exit 0 ;;
	*) echo "schema2ldif.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/slapd.d"
cat > "$tmp/slapd.conf" <<CONF
include $sysschema/core.schema
include $sysschema/cosine.schema
include $sysschema/inetorgperson.schema
include $schema
CONF

if ! "$slaptest" -f "$tmp/slapd.conf" -F "$tmp/slapd.d" >"$tmp/log" 2>&1; then
	echo "schema2ldif.sh: slaptest failed:" >&2
	cat "$tmp/log" >&2
	exit 1
fi

src=$(ls "$tmp"/slapd.d/cn=config/cn=schema/cn=\{*\}casarray.ldif)

generate() {
	cat <<HDR
# casarray.ldif -- the casarray schema for OpenLDAP's cn=config.
# GENERATED from casarray.schema by schema2ldif.sh: do not edit by hand.
# Load with:  ldapadd -Y EXTERNAL -H ldapi:/// -f casarray.ldif
# (after core, cosine and inetorgperson).  See README.md.
#
HDR
	# Drop slapd's own header comments and operational attributes; give the
	# entry its ordinary name.  Values (already wrapped by slapd) are kept.
	awk '
		/^#/ { next }
		/^(structuralObjectClass|entryUUID|creatorsName|createTimestamp|entryCSN|modifiersName|modifyTimestamp):/ { skip = 1; next }
		/^ / { if (skip) next; print; next }
		{ skip = 0 }
		/^dn: / { print "dn: cn=casarray,cn=schema,cn=config"; next }
		/^cn: / { print "cn: casarray"; next }
		{ print }
	' "$src"
}

generate > "$tmp/casarray.ldif"

case "$mode" in
check)
	if ! diff -u "$ldif" "$tmp/casarray.ldif"; then
		echo "schema2ldif.sh: $ldif is out of date; run $0" >&2
		exit 1
	fi
	echo "schema2ldif.sh: casarray.ldif matches casarray.schema"
	;;
write)
	if [ "$out" = "-" ]; then
		cat "$tmp/casarray.ldif"
	else
		cp "$tmp/casarray.ldif" "$out"
	fi
	;;
esac
