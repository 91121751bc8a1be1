#!/usr/bin/python3
# generate-schema.py -- libcasarray's directory schema, from its one source
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: generate-schema.py exchange-schema.json OUTDIR
#
# Writes into OUTDIR:
#   casarray.schema      OpenLDAP, slapd.conf "include" form
#   casarray.ldif        OpenLDAP, cn=config form (ldapadd -Y EXTERNAL ...)
#   ad-schema.ldif       the Active Directory schema extension (attributeSchema
#                        and classSchema records under ${SCHEMADN}), in runs
#                        separated by "# casarray-run N" lines: one run is one
#                        ldbmodify transaction, and AD refuses a class that
#                        names an attribute or class added in the same run.
#
# Both forms come from the same records, so OIDs, superclasses and must/may
# lists cannot drift apart.  Only the Python standard library is used.
import json
import os
import sys

# AD attributeSyntax -> (OpenLDAP SYNTAX, EQUALITY, ORDERING, SUBSTR)
SYNTAXES = {
    '2.5.5.1': ('1.3.6.1.4.1.1466.115.121.1.12', 'distinguishedNameMatch', None, None),
    '2.5.5.4': ('1.3.6.1.4.1.1466.115.121.1.15', 'caseIgnoreMatch', None, 'caseIgnoreSubstringsMatch'),
    '2.5.5.12': ('1.3.6.1.4.1.1466.115.121.1.15', 'caseIgnoreMatch', None, 'caseIgnoreSubstringsMatch'),
    '2.5.5.8': ('1.3.6.1.4.1.1466.115.121.1.7', 'booleanMatch', None, None),
    '2.5.5.9': ('1.3.6.1.4.1.1466.115.121.1.27', 'integerMatch', 'integerOrderingMatch', None),
    '2.5.5.16': ('1.3.6.1.4.1.1466.115.121.1.27', 'integerMatch', 'integerOrderingMatch', None),
    '2.5.5.10': ('1.3.6.1.4.1.1466.115.121.1.40', 'octetStringMatch', 'octetStringOrderingMatch', None),
    '2.5.5.11': ('1.3.6.1.4.1.1466.115.121.1.24', 'generalizedTimeMatch', 'generalizedTimeOrderingMatch', None),
}
KINDS = {'structural': ('STRUCTURAL', 1), 'abstract': ('ABSTRACT', 2), 'auxiliary': ('AUXILIARY', 3)}
# oMObjectClass of DN-syntax attributes (1.3.12.2.1011.28.0.714), base64
DN_OM_OBJECT_CLASS = 'KwwCh3McAIVK'


def fail(message):
    sys.stderr.write('generate-schema.py: %s\n' % message)
    sys.exit(1)


def load(path):
    with open(path, encoding='utf-8') as f:
        source = json.load(f)
    attrs = {a['name']: a for a in source['attributes']}
    classes = {c['name']: c for c in source['classes']}
    # Refuse what would make one of the outputs wrong, naming it.
    known_attrs = set(attrs) | {'cn', 'name', 'description', 'displayName', 'distinguishedName', 'serialNumber'}
    for a in source['attributes']:
        for key in ('oid', 'syntax', 'omSyntax', 'single', 'schemaIDGUID', 'cn', 'source'):
            if key not in a:
                fail('attribute %s has no %s' % (a['name'], key))
        if a['syntax'] not in SYNTAXES:
            fail('attribute %s: unknown syntax %s' % (a['name'], a['syntax']))
        if a['oid'].startswith('2.25.'):
            fail('attribute %s: AD refuses 2.25.* OIDs' % a['name'])
    for c in source['classes']:
        if c['kind'] not in KINDS:
            fail('class %s: unknown kind %s' % (c['name'], c['kind']))
        if c['sup'] != 'top' and c['sup'] not in classes:
            fail('class %s: unknown superclass %s' % (c['name'], c['sup']))
        for a in c['must'] + c['may']:
            if a not in known_attrs:
                fail('class %s names unknown attribute %s' % (c['name'], a))
        for x in c.get('auxiliary', []) + c.get('possSuperiors', []):
            if x not in classes:
                fail('class %s names unknown class %s' % (c['name'], x))
    oids = [x['oid'] for x in source['attributes'] + source['classes']]
    if len(oids) != len(set(oids)):
        fail('an OID is used twice')
    return source, attrs, classes


# ------------------------------------------------------------------ OpenLDAP

def raw_lists(classes, c, top_may):
    """A class's MUST and MAY for OpenLDAP before removing repetitions: AD's
    top attributes where the superclass is top (OpenLDAP's top cannot be
    extended), then its own, then those of its auxiliary classes."""
    may = list(top_may) if c['sup'] == 'top' else []
    may += c['may']
    for aux in c.get('auxiliary', []):
        may += classes[aux]['may']
    return list(c['must']), may


def allowed_by(classes, name, top_may):
    """Attributes a class and its superclasses allow (OpenLDAP view)."""
    out = set()
    c = classes.get(name)
    while c is not None:
        must, may = raw_lists(classes, c, top_may)
        out |= set(must) | set(may)
        c = classes.get(c['sup'])
    return out


def openldap_lists(classes, c, top_may):
    must, may = raw_lists(classes, c, top_may)
    seen = set(must) | allowed_by(classes, c['sup'], top_may)
    may = [a for a in may if not (a in seen or seen.add(a))]
    return must, may


def oid_list(names):
    if len(names) == 1:
        return names[0]
    return '( ' + ' $ '.join(names) + ' )'


def attribute_definition(a):
    syntax, equality, ordering, substr = SYNTAXES[a['syntax']]
    origin = 'Exchange' if a['ad'] == 'extension' else 'AD'
    parts = ["( %s NAME '%s'" % (a['oid'], a['name']), "DESC '%s: %s'" % (origin, a['cn']),
             'EQUALITY ' + equality]
    if ordering:
        parts.append('ORDERING ' + ordering)
    if substr:
        parts.append('SUBSTR ' + substr)
    parts.append('SYNTAX ' + syntax)
    if a['single']:
        parts.append('SINGLE-VALUE')
    return parts


def class_definition(classes, c, top_may):
    origin = 'Exchange' if c['name'].startswith('msExch') else 'AD'
    parts = ["( %s NAME '%s'" % (c['oid'], c['name']), "DESC '%s: %s'" % (origin, c['cn']),
             'SUP %s %s' % (c['sup'], KINDS[c['kind']][0])]
    must, may = openldap_lists(classes, c, top_may)
    if must:
        parts.append('MUST ' + oid_list(must))
    if may:
        parts.append('MAY ' + oid_list(may))
    return parts


def openldap_classes(source):
    # msExchBaseClass is folded into the classes that name it: AD never lists
    # it in objectClass, so OpenLDAP entries do not carry it either.
    return [c for c in source['classes'] if c['kind'] != 'auxiliary']


def write_openldap(source, classes, outdir):
    top_may = source['openldapTopMay']
    header = ('# casarray.schema -- Active Directory / Exchange 2010 classes and attributes\n'
              '# used by libcasarray, for OpenLDAP (slapd.conf "include" form).\n'
              '#\n'
              '# GENERATED by data/schema/generate-schema.py from data/schema/exchange-schema.json:\n'
              '# edit that file, not this one.  The same source makes the Active Directory\n'
              '# schema extension, so OIDs, superclasses and MUST/MAY lists are those of AD.\n'
              '# Load next to core.schema, cosine.schema and inetorgperson.schema only.\n'
              '# See README.md (installed next to this file) for the sources of every OID.\n')
    lines = [header]
    for a in source['attributes']:
        p = attribute_definition(a)
        lines.append('attributetype ' + p[0] + '\n' + ''.join('\t%s\n' % x for x in p[1:-1]) + '\t%s )\n' % p[-1])
    for c in openldap_classes(source):
        p = class_definition(classes, c, top_may)
        lines.append('objectclass ' + p[0] + '\n' + ''.join('\t%s\n' % x for x in p[1:-1]) + '\t%s )\n' % p[-1])
    with open(os.path.join(outdir, 'casarray.schema'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines))

    out = ['# casarray.ldif -- the cn=config form of casarray.schema.\n'
           '# GENERATED by data/schema/generate-schema.py from data/schema/exchange-schema.json.\n'
           '# Load with: ldapadd -Y EXTERNAL -H ldapi:/// -f casarray.ldif\n'
           'dn: cn=casarray,cn=schema,cn=config\n'
           'objectClass: olcSchemaConfig\n'
           'cn: casarray\n']
    for i, a in enumerate(source['attributes']):
        out.append('olcAttributeTypes: {%d}%s )\n' % (i, ' '.join(attribute_definition(a))))
    for i, c in enumerate(openldap_classes(source)):
        out.append('olcObjectClasses: {%d}%s )\n' % (i, ' '.join(class_definition(classes, c, top_may))))
    with open(os.path.join(outdir, 'casarray.ldif'), 'w', encoding='utf-8') as f:
        f.write(''.join(out))


# ------------------------------------------------------------------ AD

def ad_attribute_record(a):
    r = ['dn: CN=%s,${SCHEMADN}' % a['cn'], 'changetype: add', 'objectClass: top', 'objectClass: attributeSchema',
         'cn: ' + a['cn'], 'name: ' + a['cn'], 'lDAPDisplayName: ' + a['name'], 'attributeID: ' + a['oid'],
         'attributeSyntax: ' + a['syntax'], 'oMSyntax: %d' % a['omSyntax'],
         'isSingleValued: ' + ('TRUE' if a['single'] else 'FALSE'), 'schemaIDGUID: ' + a['schemaIDGUID'],
         'adminDisplayName: ' + a['cn'], 'adminDescription: ' + a['cn'], 'showInAdvancedViewOnly: TRUE',
         'systemOnly: FALSE', 'searchFlags: 0']
    if a['syntax'] == '2.5.5.1':
        r.append('oMObjectClass:: ' + DN_OM_OBJECT_CLASS)
    for key in ('rangeLower', 'rangeUpper', 'linkID'):
        if key in a:
            r.append('%s: %d' % (key, a[key]))
    return r


def ad_class_record(c, poss):
    r = ['dn: CN=%s,${SCHEMADN}' % c['cn'], 'changetype: add', 'objectClass: top', 'objectClass: classSchema',
         'cn: ' + c['cn'], 'name: ' + c['cn'], 'lDAPDisplayName: ' + c['name'], 'governsID: ' + c['oid'],
         'subClassOf: ' + c['sup'], 'objectClassCategory: %d' % KINDS[c['kind']][1],
         'schemaIDGUID: ' + c['schemaIDGUID'], 'rDNAttID: cn', 'adminDisplayName: ' + c['cn'],
         'adminDescription: ' + c['cn'], 'showInAdvancedViewOnly: TRUE', 'defaultHidingValue: TRUE',
         'systemOnly: FALSE', 'defaultObjectCategory: CN=%s,${SCHEMADN}' % c['cn']]
    r += ['mustContain: ' + x for x in c['must']]
    r += ['mayContain: ' + x for x in c['may']]
    r += ['auxiliaryClass: ' + x for x in c.get('auxiliary', [])]
    r += ['possSuperiors: ' + x for x in poss]
    return r


def write_ad(source, classes, outdir):
    runs = [[ad_attribute_record(a) for a in source['attributes'] if a['ad'] == 'extension']]
    # One class per run, each after every class it names, so that AD's
    # schema checks see the superclass/auxiliary class already loaded;
    # possible superiors not yet defined are added by a modify at the end.
    added = {c['name'] for c in source['classes'] if c['ad'] == 'builtin'} | {'top'}
    pending = [c for c in source['classes'] if c['ad'] == 'extension']
    late = []
    while pending:
        ready = [c for c in pending if c['sup'] in added and all(x in added for x in c.get('auxiliary', []))]
        if not ready:
            fail('circular superclass/auxiliary references among ' + ', '.join(c['name'] for c in pending))
        for c in ready:
            poss = [x for x in c.get('possSuperiors', []) if x in added]
            later = [x for x in c.get('possSuperiors', []) if x not in added]
            runs.append([ad_class_record(c, poss)])
            if later:
                late.append((c, later))
            added.add(c['name'])
            pending.remove(c)
    # What Exchange setup changes in classes AD already has.
    modify = []
    for c in source['classes']:
        if c['ad'] == 'builtin' and c.get('adModify'):
            r = ['dn: CN=%s,${SCHEMADN}' % c['cn'], 'changetype: modify']
            if c['may']:
                r += ['add: mayContain'] + ['mayContain: ' + x for x in c['may']] + ['-']
            if c.get('auxiliary'):
                r += ['add: auxiliaryClass'] + ['auxiliaryClass: ' + x for x in c['auxiliary']] + ['-']
            modify.append(r)
    for c, later in late:
        modify.append(['dn: CN=%s,${SCHEMADN}' % c['cn'], 'changetype: modify', 'add: possSuperiors'] +
                      ['possSuperiors: ' + x for x in later] + ['-'])
    if modify:
        runs.append(modify)
    out = ['# ad-schema.ldif -- the Exchange schema extension for Active Directory, as libcasarray uses it.\n'
           '# GENERATED by data/schema/generate-schema.py from data/schema/exchange-schema.json.\n'
           '# ${SCHEMADN} stands for CN=Schema,CN=Configuration,<forest DN>.  Each "# casarray-run N"\n'
           '# section is one transaction (ldbmodify --option="dsdb:schema update allowed"=true).\n']
    for i, run in enumerate(runs, 1):
        out.append('\n# casarray-run %d\n' % i)
        out.append('\n'.join('\n'.join(r) + '\n' for r in run))
    with open(os.path.join(outdir, 'ad-schema.ldif'), 'w', encoding='utf-8') as f:
        f.write(''.join(out))


def main():
    if len(sys.argv) != 3:
        fail('usage: generate-schema.py exchange-schema.json OUTDIR')
    source, attrs, classes = load(sys.argv[1])
    os.makedirs(sys.argv[2], exist_ok=True)
    write_openldap(source, classes, sys.argv[2])
    write_ad(source, classes, sys.argv[2])


if __name__ == '__main__':
    main()
