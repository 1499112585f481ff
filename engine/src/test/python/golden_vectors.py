#!/usr/bin/env python3
"""Known-answer vectors for Spindle's wire formats, computed without Spindle or Java.

Every value here follows the format described in the Javadoc of the class named next to it;
the Java tests hold the printed values: SerializerGoldenTest and KeyHashingTest (dev.spindle.types),
RestTokensTest and ChallengeResponseTest (dev.spindle.security; the HMACs were also checked with
`openssl dgst -sha256 -mac HMAC`), JobGraphCodecGoldenTest (dev.spindle.graph).

  python3 engine/src/test/python/golden_vectors.py              # all vectors
  python3 engine/src/test/python/golden_vectors.py --job-graph  # engine/src/test/resources/dev/spindle/graph/golden-job-graph-v3.hex

A vector that no longer matches the Java code means a wire format changed: that needs a new format
version (or a migration), never a regenerated vector.
"""
import hashlib
import hmac
import struct
import sys


def varint(n, bits=32):
    """Unsigned LEB128 of n taken as an unsigned `bits`-bit number (DataOutputView.writeVarInt/Long)."""
    n &= (1 << bits) - 1
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def zigzag(v, bits):
    """(v << 1) ^ (v >> bits-1) on two's complement numbers of `bits` bits (Int/LongSerializer)."""
    return ((v << 1) ^ (v >> (bits - 1))) & ((1 << bits) - 1)


def zz_int(v):
    return varint(zigzag(v, 32), 32)


def zz_long(v):
    return varint(zigzag(v, 64), 64)


def string(s):
    """DataOutputView.writeString: var-int UTF-8 byte length, then the UTF-8 bytes."""
    b = s.encode('utf-8')
    return varint(len(b)) + b


def hexs(b):
    return b.hex()


def section(title):
    print('\n== ' + title)


def show(label, b):
    print(f'{label:40} {hexs(b)}')


def job_graph():
    """JobGraphCodec's documented layout, field by field, for the graph built in
    JobGraphCodecGoldenTest.goldenGraph(); one field a line, '#' starts a comment."""
    lines = []

    def field(comment, b):
        lines.append(f'{b.hex(" ") if b else "":60} # {comment}')

    def i32(v):
        return struct.pack('>i', v)

    def jstr(s):
        b = s.encode('utf-8')
        return i32(len(b)) + b

    def jbytes(b):
        return i32(-1) if b is None else i32(len(b)) + b

    lines.append('# JobGraphCodec format version 3: the graph of JobGraphCodecGoldenTest.goldenGraph().')
    lines.append('# Written by engine/src/test/python/golden_vectors.py --job-graph from the format in')
    lines.append("# JobGraphCodec's Javadoc; hex bytes, '#' to the end of a line is a comment.")
    field('magic "SPJG"', b'SPJG')
    field('version 3 (u16)', struct.pack('>H', 3))
    field('job id upper (i64)', struct.pack('>q', 0x0123456789ABCDEF))
    field('job id lower (i64)', struct.pack('>Q', 0xFEDCBA9876543210))
    field('name "golden"', jstr('golden'))
    field('mode "BATCH"', jstr('BATCH'))
    field('max parallelism 128 (the job\'s)', i32(128))
    config = {'pipeline.name': 'golden', 'execution.buffer-timeout': '100 ms', 'a': 'ü'}
    field(f'config: {len(config)} entries, in key order', i32(len(config)))
    for k in sorted(config):
        field(f'  key "{k}"', jstr(k))
        field(f'  value "{config[k]}"', jstr(config[k]))
    vertices = [
        (1, 'Source: numbers', 2, 128, True, True,
         [('Source: numbers', '0123456789abcdef0123456789abcdef', 'numbers', True, bytes([0xCA, 0xFE]))]),
        (2, 'Map -> Sink', 3, 7, False, True,
         [('Map', '00000000000000000000000000000001', None, True, bytes([1, 2, 3])),
          ('Sink', 'ffffffffffffffffffffffffffffffff', 'sink-\u00fc', False, b'')]),
        (3, 'Side', 1, 128, False, False, [('Side', 'abcdefabcdefabcdefabcdefabcdefab', None, False, bytes([0xFF]))]),
    ]
    field(f'vertices: {len(vertices)}', i32(len(vertices)))
    for vid, name, par, max_par, source, bounded, ops in vertices:
        field(f'  id {vid}', i32(vid))
        field(f'  name "{name}"', jstr(name))
        field(f'  parallelism {par}', i32(par))
        field(f'  max parallelism {max_par}', i32(max_par))
        field(f'  source {str(source).lower()}', bytes([int(source)]))
        field(f'  bounded {str(bounded).lower()}', bytes([int(bounded)]))
        field(f'  operators: {len(ops)}', i32(len(ops)))
        for op_name, op_id, uid, stateful, payload in ops:
            field(f'    name "{op_name}"', jstr(op_name))
            field(f'    operator id "{op_id}"', jstr(op_id))
            field('    uid ' + ('absent (-1)' if uid is None else f'"{uid}"'),
                  jbytes(None if uid is None else uid.encode('utf-8')))
            field(f'    stateful {str(stateful).lower()}', bytes([int(stateful)]))
            field(f'    payload ({len(payload)} bytes)', jbytes(payload))
    edges = [
        (7, 1, 2, 'HASH', bytes([0x6B]), bytes([0x74]), 'Tuple2<String, Long>'),
        (8, 1, 3, 'REBALANCE', None, bytes([0x75]), 'String'),
    ]
    field(f'edges: {len(edges)}', i32(len(edges)))
    for eid, src, dst, kind, key, typ, type_name in edges:
        field(f'  id {eid}', i32(eid))
        field(f'  source {src}', i32(src))
        field(f'  target {dst}', i32(dst))
        field(f'  partitioning "{kind}"', jstr(kind))
        field('  key selector ' + ('absent (-1)' if key is None else f'({len(key)} bytes)'), jbytes(key))
        field(f'  type payload ({len(typ)} bytes)', jbytes(typ))
        field(f'  type name "{type_name}"', jstr(type_name))
    return '\n'.join(lines) + '\n'



if '--job-graph' in sys.argv:
    sys.stdout.write(job_graph())
    sys.exit(0)

section('basic serializers (Types.LONG, INT, DOUBLE, BOOLEAN, STRING, BYTES)')
for v in [0, -1, 1, 63, -64, 64, 300, 2**63 - 1, -2**63]:
    show(f'long {v}', zz_long(v))
for v in [0, -1, 150, 2**31 - 1, -2**31]:
    show(f'int {v}', zz_int(v))
for v in [1.5, -0.0, float('nan'), 5e-324, float('inf')]:
    show(f'double {v!r}', struct.pack('>d', v))
for s in ['', 'hi', 'Grüße', '\U0001F600', 'x' * 200]:
    show(f'string {s[:12]!r} (len {len(s)})', string(s))
show('bytes []', varint(0))
show('bytes [01 02 ff]', varint(3) + bytes([1, 2, 0xFF]))

section('tuples (TupleSerializer: fields in order, no framing)')
show('Tuple2<String,Long>("a", 5)', string('a') + zz_long(5))
# Tuple3<Integer, GENERIC, Boolean>(-2, null, true): generic null is tag 0
show('Tuple3<Int,Generic,Bool>(-2,null,true)', zz_int(-2) + bytes([0]) + bytes([1]))

section('records (RecordSerializer)')
# record Reading(long id, String name, Integer count, double score, boolean flag, List<String> tags, byte[] data)
# masked (nullable basic reference) components in order: name (bit 0), count (bit 1), data (bit 2)
mask = 0b001  # name is null
show('Reading(7,null,3,0.5,true,null,[09])',
     bytes([mask]) + zz_long(7) + zz_int(3) + struct.pack('>d', 0.5) + bytes([1]) + bytes([0])
     + varint(1) + bytes([9]))
mask = 0b110  # count and data null, name present
show('Reading(-1,"n",null,0,false,["t"],null)',
     bytes([mask]) + zz_long(-1) + string('n') + struct.pack('>d', 0.0) + bytes([0])
     + bytes([13]) + varint(1) + bytes([1]) + string('t'))
# record Nine(String a..i): nine masked components, mask is 2 bytes, bit k in byte k//8, value 1 << (k%8)
m = [0, 0]
for k in (0, 8):  # a and i null
    m[k // 8] |= 1 << (k % 8)
body = b''.join(string(c) for c in 'bcdefgh')
show('Nine(null,"b".."h",null)', bytes(m) + body)
# record Plain(int x, long y): no masked components, so no mask
show('Plain(-3, 1000)', zz_int(-3) + zz_long(1000))

section('generic serializer (GenericSerializer, one tag byte per value)')
T = dict(NULL=0, STRING=1, LONG=2, INT=3, DOUBLE=4, FALSE=5, TRUE=6, BYTES=7, TUPLE2=8, TUPLE3=9,
         TUPLE4=10, RECORD=11, ENUM=12, ARRAY_LIST=13, HASH_MAP=14, LINKED_HASH_MAP=15, FLOAT=16,
         SHORT=17, BYTE=18, CHAR=19, JAVA_SERIALIZED=20)


def tag(name):
    return bytes([T[name]])


show('null', tag('NULL'))
show('"hi"', tag('STRING') + string('hi'))
show('5L', tag('LONG') + zz_long(5))
show('-5', tag('INT') + zz_int(-5))
show('1.5d', tag('DOUBLE') + struct.pack('>d', 1.5))
show('false', tag('FALSE'))
show('true', tag('TRUE'))
show('byte[]{1}', tag('BYTES') + varint(1) + b'\x01')
show('Tuple2("a", null)', tag('TUPLE2') + tag('STRING') + string('a') + tag('NULL'))
show('Tuple3(1, 2L, true)', tag('TUPLE3') + tag('INT') + zz_int(1) + tag('LONG') + zz_long(2) + tag('TRUE'))
show('Tuple4(null,null,null,"")', tag('TUPLE4') + tag('NULL') * 3 + tag('STRING') + string(''))
point = 'dev.spindle.types.SerializerGoldenTest$Point'
show('Point(1, "z") [record(int x, String y)]', tag('RECORD') + string(point)
     + tag('INT') + zz_int(1) + tag('STRING') + string('z'))
color = 'dev.spindle.types.SerializerGoldenTest$Color'
show('Color.GREEN [enum RED, GREEN]', tag('ENUM') + string(color) + varint(1))
show('ArrayList["a", 1L]', tag('ARRAY_LIST') + varint(2) + tag('STRING') + string('a') + tag('LONG') + zz_long(1))
show('HashMap{"k": 1}', tag('HASH_MAP') + varint(1) + tag('STRING') + string('k') + tag('INT') + zz_int(1))
show('LinkedHashMap{"b": true, "a": false}', tag('LINKED_HASH_MAP') + varint(2)
     + tag('STRING') + string('b') + tag('TRUE') + tag('STRING') + string('a') + tag('FALSE'))
show('1.5f', tag('FLOAT') + struct.pack('>f', 1.5))
show('(short) -2', tag('SHORT') + struct.pack('>h', -2))
show('(byte) -1', tag('BYTE') + struct.pack('>b', -1))
show("'\\u00e9'", tag('CHAR') + struct.pack('>H', 0xE9))


def java_serialized_box(value):
    """Java Object Serialization Specification, ch. 6 (grammar), for
    class Box implements Serializable { serialVersionUID = 1L; int v; }:
    STREAM_MAGIC STREAM_VERSION TC_OBJECT TC_CLASSDESC className serialVersionUID
    flags(SC_SERIALIZABLE) fieldCount ('I' "v") TC_ENDBLOCKDATA TC_NULL(superclass) v."""
    name = 'dev.spindle.types.SerializerGoldenTest$Box'.encode('utf-8')  # modified UTF-8 = UTF-8 for ASCII
    return (b'\xac\xed' + struct.pack('>H', 5) + b'\x73' + b'\x72' + struct.pack('>H', len(name)) + name
            + struct.pack('>q', 1) + b'\x02' + struct.pack('>H', 1)
            + b'I' + struct.pack('>H', 1) + b'v' + b'\x78' + b'\x70' + struct.pack('>i', value))


box = java_serialized_box(42)
show('Box(42) (generic)', tag('JAVA_SERIALIZED') + varint(len(box)) + box)
# Types.javaSerializable(String.class) of "hi": TC_STRING 0x74, u16 length, modified UTF-8
hi = b'\xac\xed\x00\x05' + b'\x74' + struct.pack('>H', 2) + b'hi'
show('javaSerializable "hi"', varint(len(hi)) + hi)

section('key hashing (KeyHashing): key group = floorMod(fmix32(hash), maxParallelism)')


def s32(x):
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x & 0x80000000 else x


def string_hash(s):
    """java.lang.String.hashCode: s[0]*31^(n-1) + ... over UTF-16 code units."""
    h = 0
    units = s.encode('utf-16-be')
    for i in range(0, len(units), 2):
        h = (31 * h + int.from_bytes(units[i:i + 2], 'big')) & 0xFFFFFFFF
    return s32(h)


def long_hash(v):
    """java.lang.Long.hashCode: (int) (v ^ (v >>> 32))."""
    v &= 0xFFFFFFFFFFFFFFFF
    return s32(v ^ (v >> 32))


def int_hash(v):
    return s32(v)


def combine(hashes):
    """Tuple and record keys: h = hash(f0); h = 31 * h + hash(fi)."""
    h = hashes[0]
    for x in hashes[1:]:
        h = s32(31 * h + x)
    return h


def fmix32(h):
    h &= 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return s32(h)


def key_group(h, max_parallelism):
    return fmix32(h) % max_parallelism  # Python's % is floorMod


keys = [
    ('"hello"', string_hash('hello')),
    ('"user-42"', string_hash('user-42')),
    ('""', string_hash('')),
    ('"Grüße"', string_hash('Grüße')),
    ('"\\uD83D\\uDE00" (emoji)', string_hash('\U0001F600')),
    ('"spindle"', string_hash('spindle')),
    ('42L', long_hash(42)),
    ('-1L', long_hash(-1)),
    ('Long.MIN_VALUE', long_hash(-2**63)),
    ('7 (int)', int_hash(7)),
    ('Integer.MIN_VALUE', int_hash(-2**31)),
    ('enum NORTH (by name)', string_hash('NORTH')),
    ('Tuple2("a", 1L)', combine([string_hash('a'), long_hash(1)])),
    ('Tuple3("a", 5L, null)', combine([string_hash('a'), long_hash(5), 0])),
    ('Key(NORTH, "id", 7L) record', combine([string_hash('NORTH'), string_hash('id'), long_hash(7)])),
]
print(f'{"key":32} {"hash (fmix32)":>14} {"kg/128":>7} {"kg/32768":>9}')
for label, h in keys:
    print(f'{label:32} {fmix32(h) & 0xFFFFFFFF:>#14x} {key_group(h, 128):7} {key_group(h, 32768):9}')

section('security (RestTokens, ChallengeResponse): secret = 00 01 .. 1f')
secret = bytes(range(32))
print('rest token                ', hmac.new(secret, b'spindle-rest-token', hashlib.sha256).hexdigest())
server_nonce = bytes(range(0x20, 0x40))
client_nonce = bytes(range(0x40, 0x60))
print('client proof              ', hmac.new(secret, b'spindle-client' + server_nonce + client_nonce,
                                             hashlib.sha256).hexdigest())
print('server proof              ', hmac.new(secret, b'spindle-server' + server_nonce + client_nonce,
                                             hashlib.sha256).hexdigest())

