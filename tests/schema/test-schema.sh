#!/bin/bash
# tests/schema/test-schema.sh SOURCE_ROOT [SCHEMA_BUILD_DIR]
#
# Checks casarray.schema and casarray.ldif, generated from
# data/schema/exchange-schema.json into SCHEMA_BUILD_DIR (default
# SOURCE_ROOT/build/data/schema), and the AD extension ad-schema.ldif
# generated next to them (TAP output):
#  1. slaptest -u accepts a slapd.conf with core, cosine, inetorgperson and
#     casarray.schema;
#  2. casarray.ldif loads into a throwaway cn=config (slapadd -n0) after
#     core, cosine and inetorgperson, and slaptest -F accepts the result;
#  3. casarray.ldif and casarray.schema define the same names and OIDs;
#  4. a throwaway slapd (127.0.0.1 only) accepts tests/data/ad-export.ldif
#     unchanged through ldapadd;
#  5. every entry read back carries exactly the objectClass values of the
#     reference table ("Object class lists, as Active Directory writes them");
#  6. searches by class, by GUID and by legacyExchangeDN behave as the
#     library expects;
#  7. the OpenLDAP schema and the AD extension agree: every class and
#     attribute of the extension has the same OID, superclass, MUST list and
#     (with its auxiliary classes) MAY list in casarray.schema;
#  8. no placeholder (2.25.*) OID is left, and msExchMDB requires
#     deliveryMechanism, as in Microsoft's schema.
set -u
export LDAPNOINIT=1

src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
schema_dir=${2:-$src/build/data/schema}
export_ldif="$src/tests/data/ad-export.ldif"
sys=${CASARRAY_SYSTEM_SCHEMA_DIR:-/etc/ldap/schema}
PATH="$PATH:/usr/sbin:/sbin"
modpath=${CASARRAY_SLAPD_MODULE_DIR:-/usr/lib/ldap}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/casarray-schema-test.XXXXXX")
slapd_pid=
cleanup() {
	if [ -n "$slapd_pid" ]; then
		kill "$slapd_pid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$slapd_pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$slapd_pid" 2>/dev/null
		wait "$slapd_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

n=0
failed=0
echo "1..8"
ok() { n=$((n+1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n+1)); failed=1
	echo "not ok $n - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/# /'
	return 0
}

# ---------------------------------------------------------------- 1
cat > "$tmp/test.conf" <<CONF
include $sys/core.schema
include $sys/cosine.schema
include $sys/inetorgperson.schema
include $schema_dir/casarray.schema
CONF
if out=$(slaptest -u -f "$tmp/test.conf" 2>&1); then
	ok "slaptest -u accepts casarray.schema next to core, cosine, inetorgperson"
else
	not_ok "slaptest -u accepts casarray.schema next to core, cosine, inetorgperson" "$out"
fi

# ---------------------------------------------------------------- 2
mkdir "$tmp/slapd.d"
{
	cat <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

LDIF
	for f in "$sys/core.ldif" "$sys/cosine.ldif" "$sys/inetorgperson.ldif" "$schema_dir/casarray.ldif"; do
		cat "$f"; echo
	done
	cat <<LDIF
dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
LDIF
} > "$tmp/config.ldif"
if out=$(slapadd -n0 -F "$tmp/slapd.d" -l "$tmp/config.ldif" 2>&1) &&
   out2=$(slaptest -u -F "$tmp/slapd.d" 2>&1) &&
   ls "$tmp"/slapd.d/cn=config/cn=schema/cn=\{3\}casarray.ldif >/dev/null 2>&1; then
	ok "casarray.ldif loads into cn=config (slapadd -n0) and slaptest -F accepts it"
else
	not_ok "casarray.ldif loads into cn=config (slapadd -n0) and slaptest -F accepts it" "$out" "${out2:-}"
fi

# ---------------------------------------------------------------- 3
# One "kind oid name" line per definition.  The .schema definitions span
# lines (continuations start with white space); the .ldif values are folded
# (continuations start with one space) and carry {n} ordering prefixes.
defs_from_schema() {
	awk '
		/^[ \t]*#/ { next }
		/^[ \t]/ { cur = cur " " $0; next }
		{ if (cur != "") print cur; cur = $0 }
		END { if (cur != "") print cur }
	' "$1" | awk '
		tolower($1) == "attributetype" { k = "at" }
		tolower($1) == "objectclass" { k = "oc" }
		tolower($1) == "objectidentifier" { print "oid", $3, $2; next }
		k != "" {
			match($0, /\([ \t]*[^ \t]+/); oid = substr($0, RSTART, RLENGTH); sub(/^\([ \t]*/, "", oid)
			match($0, /NAME[ \t]+\x27[^\x27]+\x27/); nm = substr($0, RSTART, RLENGTH); sub(/^NAME[ \t]+\x27/, "", nm); sub(/\x27$/, "", nm)
			print k, oid, nm; k = ""
		}
	' | sort
}
defs_from_ldif() {
	awk '
		/^#/ { next }
		/^ / { cur = cur substr($0, 2); next }
		{ if (cur != "") print cur; cur = $0 }
		END { if (cur != "") print cur }
	' "$1" | sed -E 's/^(olc[A-Za-z]+): \{[0-9]+\}/\1: /' | awk '
		$1 == "olcObjectIdentifier:" { print "oid", $3, $2; next }
		$1 == "olcAttributeTypes:" || $1 == "olcObjectClasses:" {
			k = ($1 == "olcAttributeTypes:") ? "at" : "oc"
			match($0, /\([ \t]*[^ \t]+/); oid = substr($0, RSTART, RLENGTH); sub(/^\([ \t]*/, "", oid)
			match($0, /NAME[ \t]+\x27[^\x27]+\x27/); nm = substr($0, RSTART, RLENGTH); sub(/^NAME[ \t]+\x27/, "", nm); sub(/\x27$/, "", nm)
			print k, oid, nm
		}
	' | sort
}
defs_from_schema "$schema_dir/casarray.schema" > "$tmp/defs-schema"
defs_from_ldif "$schema_dir/casarray.ldif" > "$tmp/defs-ldif"
count=$(grep -c -v '^oid' "$tmp/defs-schema")
if [ "$count" -gt 30 ] && d=$(diff "$tmp/defs-schema" "$tmp/defs-ldif" 2>&1); then
	ok "casarray.ldif and casarray.schema define the same $count names and OIDs"
else
	not_ok "casarray.ldif and casarray.schema define the same names and OIDs" "$d"
fi

# ---------------------------------------------------------------- 4
free_port() {
	if command -v python3 >/dev/null 2>&1 &&
	   python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null; then
		return
	fi
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
	done
}
port=$(free_port)
uri="ldap://127.0.0.1:$port/"
pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
rootdn="CN=admin,DC=contoso,DC=com"
mkdir "$tmp/db"
cat > "$tmp/slapd.conf" <<CONF
include $sys/core.schema
include $sys/cosine.schema
include $sys/inetorgperson.schema
include $schema_dir/casarray.schema
pidfile $tmp/slapd.pid
modulepath $modpath
moduleload back_mdb
database mdb
suffix "DC=contoso,DC=com"
rootdn "$rootdn"
rootpw $pw
directory $tmp/db
maxsize 104857600
index objectClass,cn,name,legacyExchangeDN,networkAddress eq
index objectGUID,msExchServerSite,msExchOwningServer eq
CONF
loaded=0
if out=$(slapd -Ttest -u -f "$tmp/slapd.conf" 2>&1); then
	slapd -f "$tmp/slapd.conf" -h "$uri" -d 0 >"$tmp/slapd.log" 2>&1 &
	slapd_pid=$!
	ready=0
	for _ in $(seq 100); do
		if ! kill -0 "$slapd_pid" 2>/dev/null; then break; fi
		if ldapsearch -x -H "$uri" -s base -b "" -LLL 1.1 >/dev/null 2>&1; then ready=1; break; fi
		sleep 0.1
	done
	if [ $ready = 1 ]; then
		printf 'dn: DC=contoso,DC=com\nobjectClass: top\nobjectClass: domain\ndc: contoso\n' > "$tmp/base.ldif"
		if out=$(ldapadd -x -H "$uri" -D "$rootdn" -w "$pw" -f "$tmp/base.ldif" 2>&1) &&
		   out=$(ldapadd -x -H "$uri" -D "$rootdn" -w "$pw" -f "$export_ldif" 2>&1); then
			loaded=1
		fi
	else
		out="slapd did not come up on $uri: $(cat "$tmp/slapd.log")"
	fi
fi
if [ $loaded = 1 ]; then
	ok "ldapadd accepts tests/data/ad-export.ldif unchanged ($(grep -c '^dn:' "$export_ldif") entries)"
else
	not_ok "ldapadd accepts tests/data/ad-export.ldif unchanged" "$out"
fi

# ---------------------------------------------------------------- 5
# The reference's table, keyed by the shape of the DN (lower case).
ag='cn=exchange administrative group \(fydibohf23spdlt\),cn=administrative groups,cn=[^,]+,cn=microsoft exchange,cn=services,cn=configuration,dc=contoso,dc=com'
expected_classes() {
	local dn
	dn=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')
	if   [[ $dn =~ ^cn=configuration,dc=contoso,dc=com$ ]]; then echo "top configuration"
	elif [[ $dn =~ ^cn=sites,cn=configuration, ]]; then echo "top sitesContainer"
	elif [[ $dn =~ ^cn=[^,]+,cn=sites,cn=configuration, ]]; then echo "top site"
	elif [[ $dn =~ ^cn=services,cn=configuration, ]]; then echo "top container"
	elif [[ $dn =~ ^cn=microsoft\ exchange,cn=services, ]]; then echo "top container msExchConfigurationContainer"
	elif [[ $dn =~ ^cn=[^,]+,cn=microsoft\ exchange,cn=services, ]]; then echo "top container msExchOrganizationContainer"
	elif [[ $dn =~ ^cn=administrative\ groups,cn=[^,]+,cn=microsoft\ exchange, ]]; then echo "top container msExchAdminGroupContainer"
	elif [[ $dn =~ ^$ag$ ]]; then echo "top msExchAdminGroup"
	elif [[ $dn =~ ^cn=servers,$ag$ ]]; then echo "top container msExchServersContainer"
	elif [[ $dn =~ ^cn=databases,$ag$ ]]; then echo "top msExchMDBContainer"
	elif [[ $dn =~ ^cn=arrays,$ag$ ]]; then echo "top container msExchContainer"
	elif [[ $dn =~ ^cn=[^,]+,cn=servers,$ag$ ]]; then echo "top server msExchExchangeServer"
	elif [[ $dn =~ ^cn=[^,]+,cn=databases,$ag$ ]]; then echo "top msExchMDB msExchPrivateMDB"
	elif [[ $dn =~ ^cn=[^,]+,cn=[^,]+,cn=databases,$ag$ ]]; then echo "top msExchMDBCopy"
	elif [[ $dn =~ ^cn=[^,]+,cn=arrays,$ag$ ]]; then echo "top server msExchExchangeServer msExchClientAccessArray"
	elif [[ $dn =~ ^cn=[^,]+,cn=autodiscover,cn=protocols,cn=[^,]+,cn=servers,$ag$ ]]; then echo "top leaf connectionPoint serviceConnectionPoint"
	elif [[ $dn =~ ^cn=(protocols|autodiscover),.*cn=servers,$ag$ ]]; then echo "top container msExchContainer"
	else echo "UNKNOWN"
	fi
}
# objectClass values per DN, one "dn<TAB>sorted classes" line per entry.
classes_by_dn() {
	awk '
		/^dn: / { if (dn != "") print dn "\t" oc; dn = substr($0, 5); oc = ""; next }
		/^[oO]bject[cC]lass: / { oc = oc " " substr($0, 14) }
		END { if (dn != "") print dn "\t" oc }
	' | while IFS=$'\t' read -r dn oc; do
		printf '%s\t%s\n' "$dn" "$(printf '%s\n' $oc | sort | tr '\n' ' ')"
	done | sort
}
# unfold the export file first
awk '/^ / { cur = cur substr($0, 2); next } { if (NR > 1) print cur; cur = $0 } END { print cur }' "$export_ldif" \
	| grep -v '^#' | classes_by_dn > "$tmp/file-classes"
problems=()
if [ $loaded = 1 ]; then
	ldapsearch -x -H "$uri" -D "$rootdn" -w "$pw" -LLL -o ldif-wrap=no \
		-b "CN=Configuration,DC=contoso,DC=com" -s sub "(objectClass=*)" objectClass \
		> "$tmp/readback.ldif" 2>&1
	classes_by_dn < "$tmp/readback.ldif" > "$tmp/read-classes"
	[ "$(wc -l < "$tmp/read-classes")" = "$(wc -l < "$tmp/file-classes")" ] ||
		problems+=("read back $(wc -l < "$tmp/read-classes") entries, the file has $(wc -l < "$tmp/file-classes")")
	while IFS=$'\t' read -r dn got; do
		want=$(printf '%s\n' $(expected_classes "$dn") | sort | tr '\n' ' ')
		file=$(awk -F'\t' -v d="$dn" 'tolower($1) == tolower(d) { print $2 }' "$tmp/file-classes")
		[ "$got" = "$want" ] || problems+=("$dn: read back [$got], reference table says [$want]")
		[ "$file" = "$want" ] || problems+=("$dn: file has [$file], reference table says [$want]")
	done < "$tmp/read-classes"
else
	problems+=("nothing loaded")
fi
if [ ${#problems[@]} = 0 ]; then
	ok "every entry read back has exactly the reference table's objectClass values"
else
	not_ok "every entry read back has exactly the reference table's objectClass values" "${problems[@]}"
fi

# ---------------------------------------------------------------- 6
count_matches() {
	ldapsearch -x -H "$uri" -D "$rootdn" -w "$pw" -LLL -b "CN=Configuration,DC=contoso,DC=com" "$1" 1.1 2>&1 | grep -c '^dn:'
}
problems=()
if [ $loaded = 1 ]; then
	c=$(count_matches '(objectClass=msExchExchangeServer)'); [ "$c" = 3 ] || problems+=("servers+arrays: $c, want 3")
	c=$(count_matches '(&(objectClass=msExchExchangeServer)(!(objectClass=msExchClientAccessArray)))'); [ "$c" = 2 ] || problems+=("servers only: $c, want 2")
	c=$(count_matches '(objectClass=server)'); [ "$c" = 3 ] || problems+=("objectClass=server: $c, want 3")
	c=$(count_matches '(objectClass=msExchMDB)'); [ "$c" = 1 ] || problems+=("databases: $c, want 1")
	c=$(count_matches '(msExchCurrentServerRoles:1.2.840.113556.1.4.803:=4)'); [ "$c" = 1 ] || problems+=("CAS role bit: $c, want 1")
	c=$(count_matches '(legacyExchangeDN=/O=CONTOSO CORP/ou=Exchange Administrative Group \28FYDIBOHF23SPDLT\29/cn=Configuration/cn=Servers/cn=ex2)'); [ "$c" = 1 ] || problems+=("legacyExchangeDN, other case: $c, want 1")
	c=$(count_matches '(networkAddress=NCACN_IP_TCP:EX1.contoso.com)'); [ "$c" = 1 ] || problems+=("networkAddress: $c, want 1")
	c=$(count_matches '(msExchServerSite=cn=default-first-site-name,cn=sites,cn=configuration,dc=contoso,dc=com)'); [ "$c" = 3 ] || problems+=("msExchServerSite: $c, want 3")
	# objectGUID by value: take EX1's GUID from the file
	b64=$(awk '/^dn: CN=EX1,CN=Servers,/ { f = 1 } f && /^objectGUID:: / { print $2; exit }' "$export_ldif")
	esc=$(printf '%s' "$b64" | base64 -d | od -An -tx1 | tr -d ' \n' | sed 's/../\\&/g')
	c=$(count_matches "(objectGUID=$esc)"); [ "$c" = 1 ] || problems+=("objectGUID=$esc: $c, want 1")
else
	problems+=("nothing loaded")
fi
if [ ${#problems[@]} = 0 ]; then
	ok "class, role-bit, GUID, legacyExchangeDN and DN-valued searches match as expected"
else
	not_ok "class, role-bit, GUID, legacyExchangeDN and DN-valued searches match as expected" "${problems[@]}"
fi

# ---------------------------------------------------------------- 7, 8
# An independent reading of the two outputs (not the generator's code).
agree=$(/usr/bin/python3 - "$schema_dir/casarray.schema" "$schema_dir/ad-schema.ldif" <<'PY' 2>&1
import re, sys
schema = re.sub(r'#[^\n]*', '', open(sys.argv[1]).read())
defs = {}
for kind, body in re.findall(r'(attributetype|objectclass)\s*\((.*?)\)\s*(?=attributetype|objectclass|$)', schema, re.S | re.I):
    body = ' '.join(body.split())
    name = re.search(r"NAME '([^']+)'", body).group(1)
    def lst(key):
        m = re.search(key + r' (\( [^)]* \)|\S+)', body)
        return set() if not m else set(x for x in m.group(1).strip('() ').split(' $ ') if x)
    sup = re.search(r'SUP (\S+)', body)
    defs[name] = dict(kind=kind.lower(), oid=body.split()[0], must=lst('MUST'), may=lst('MAY'),
                      sup=sup.group(1) if sup else None, single='SINGLE-VALUE' in body)
ad = {}
for block in open(sys.argv[2]).read().split('\n\n'):
    rec = {}
    for line in block.splitlines():
        if line.startswith('#') or ': ' not in line:
            continue
        k, v = line.split(': ', 1)
        rec.setdefault(k, []).append(v)
    if 'lDAPDisplayName' in rec:
        ad[rec['lDAPDisplayName'][0]] = rec
    elif rec.get('changetype') == ['modify']:
        ad.setdefault('_modify', []).append(rec)
problems = []
def effective(name, key):
    out = set()
    while name in defs:
        out |= defs[name][key]
        name = defs[name]['sup']
    return out
for name, rec in ad.items():
    if name == '_modify':
        continue
    if 'attributeID' in rec:
        d = defs.get(name)
        if d is None or d['kind'] != 'attributetype':
            problems.append('attribute %s is not in casarray.schema' % name); continue
        if d['oid'] != rec['attributeID'][0]:
            problems.append('%s: OID %s in AD, %s in OpenLDAP' % (name, rec['attributeID'][0], d['oid']))
        if d['single'] != (rec['isSingleValued'][0] == 'TRUE'):
            problems.append('%s: single-valued differs' % name)
    else:
        aux = rec.get('auxiliaryClass', [])
        if rec['objectClassCategory'] == ['3']:
            continue  # auxiliary: folded into the classes that name it
        d = defs.get(name)
        if d is None or d['kind'] != 'objectclass':
            problems.append('class %s is not in casarray.schema' % name); continue
        if d['oid'] != rec['governsID'][0]:
            problems.append('%s: OID %s in AD, %s in OpenLDAP' % (name, rec['governsID'][0], d['oid']))
        if d['sup'] != rec['subClassOf'][0]:
            problems.append('%s: superclass %s in AD, %s in OpenLDAP' % (name, rec['subClassOf'][0], d['sup']))
        if d['must'] != set(rec.get('mustContain', [])):
            problems.append('%s: MUST %s in AD, %s in OpenLDAP' % (name, sorted(rec.get('mustContain', [])), sorted(d['must'])))
        may = set(rec.get('mayContain', []))
        for a in aux:
            may |= set(ad[a].get('mayContain', []))
        missing = may - effective(name, 'may') - effective(name, 'must')
        if missing:
            problems.append('%s: AD allows %s, OpenLDAP does not' % (name, sorted(missing)))
placeholders = re.findall(r'\b2\.25\.[0-9.]+', open(sys.argv[1]).read() + open(sys.argv[2]).read())
print('placeholders: %d' % len(placeholders))
print('mdb-must: %s' % ' '.join(sorted(defs.get('msExchMDB', {}).get('must', []))))
print('checked: %d' % (len(ad) - ('_modify' in ad)))
for p in problems:
    print('problem: ' + p)
PY
)
if [ -n "$agree" ] && ! grep -q '^problem:\|Traceback\|Error' <<<"$agree" &&
   [ "$(sed -n 's/^checked: //p' <<<"$agree")" -gt 20 ]; then
	ok "casarray.schema agrees with the AD extension ($(sed -n 's/^checked: //p' <<<"$agree") definitions)"
else
	not_ok "casarray.schema agrees with the AD extension" "$agree"
fi
if grep -q '^placeholders: 0$' <<<"$agree" && grep -q '^mdb-must: cn deliveryMechanism$' <<<"$agree"; then
	ok "no 2.25.* placeholder OID is left; msExchMDB requires cn and deliveryMechanism"
else
	not_ok "no 2.25.* placeholder OID is left; msExchMDB requires cn and deliveryMechanism" "$agree"
fi

exit $failed
