using System;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using CsCheck;

namespace RealtimeVoiceAgent.Tests.Fuzz;

/// <summary>
/// CsCheck generators shared by the fuzz tests: JSON values of every kind (the awkward ones too: lone surrogates, control
/// characters, huge numbers, deep nesting), base64 audio, objects with fields in either order, and the mutations applied
/// to a valid message's bytes (byte flips, truncation, junk, invalid UTF-8, deep nesting, oversize, trailing garbage)
/// and the cuts that split a message into fragments.
/// </summary>
internal static class FuzzGen
{
    /// <summary>JSON string literals, quotes included, from plain ids to escapes a parser may trip over.</summary>
    public static readonly Gen<string> JsonString = Gen.Frequency(
        (4, Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(Quote)),
        (2, Gen.OneOf(
            "\"\"", "\" \"", "\"\\ud800\"", "\"\\udfff\"", "\"a\\ud800b\"", "\"\\ud800\\ud800\"", "\"\\u0000\"", "\"\\\"\"",
            "\"\\\\\"", "\"\\/\"", "\"é\"", "\"😀\"", "\"\\uD83D\\uDE00\"", "\"item_fz1\"", "\"\\n\\t\"", "\"\\uZZZZ\"")));

    /// <summary>Any JSON scalar literal.</summary>
    public static readonly Gen<string> JsonScalar = Gen.Frequency(
        (3, JsonString),
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("0", "-1", "1.5", "-0", "1e400", "-1e400", "2147483648", "9223372036854775808", "1E2", "0.0000001")),
        (1, Gen.OneOf("true", "false", "null")));

    /// <summary>Any JSON value: a scalar, a small array or object of scalars, or a deeply nested array.</summary>
    public static readonly Gen<string> JsonValue = Gen.Frequency(
        (6, JsonScalar),
        (1, JsonScalar.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
        (1, JsonScalar.Array[0, 3].Select(items => "{" + string.Join(",", items.Select((v, i) => $"\"k{i}\":{v}")) + "}")),
        (1, Gen.Int[1, 200].Select(depth => new string('[', depth) + "1" + new string(']', depth))));

    /// <summary>One of <paramref name="gens"/>, each as likely.</summary>
    public static Gen<T> AnyOf<T>(params Gen<T>[] gens) => Gen.Int[0, gens.Length - 1].SelectMany(i => gens[i]);

    /// <summary>A base64 string literal of <paramref name="minBytes"/> to <paramref name="maxBytes"/> random bytes (odd counts too).</summary>
    public static Gen<string> Base64(int minBytes, int maxBytes) =>
        Gen.Byte.Array[minBytes, maxBytes].Select(bytes => Quote(Convert.ToBase64String(bytes)));

    /// <summary>A JSON object of the fields present (a null value leaves its field out), in the given order or reversed.</summary>
    public static Gen<string> Object(params Gen<(string Name, string? Value)>[] fields) =>
        Gen.Select(Sequence(fields), Gen.Bool, (values, reversed) =>
        {
            var present = values.Where(f => f.Value is not null).Select(f => $"{Quote(f.Name)}:{f.Value}");
            return "{" + string.Join(",", reversed ? present.Reverse() : present) + "}";
        });

    /// <summary>A field whose value is usually <paramref name="typical"/>, sometimes any JSON value, sometimes absent.</summary>
    public static Gen<(string Name, string? Value)> Field(string name, Gen<string> typical) =>
        Gen.Frequency(
            (8, typical.Select(v => (name, (string?)v))),
            (1, JsonValue.Select(v => (name, (string?)v))),
            (1, Gen.Const((name, (string?)null))));

    /// <summary>A field that is always there with its typical value.</summary>
    public static Gen<(string Name, string? Value)> Required(string name, Gen<string> typical) =>
        typical.Select(v => (name, (string?)v));

    /// <summary>The bytes of <paramref name="message"/>, mutated in about half of the cases.</summary>
    public static Gen<byte[]> Mutated(Gen<string> message, int oversizeBytes) =>
        message.SelectMany(text => Mutate(Encoding.UTF8.GetBytes(text), oversizeBytes));

    /// <summary>A text frame of a (possibly mutated) <paramref name="message"/>, cut into up to 4 fragments.</summary>
    public static Gen<FuzzFrame> TextFrame(Gen<string> message, int oversizeBytes) =>
        Mutated(message, oversizeBytes).SelectMany(bytes => Cuts(bytes.Length).Select(cuts => new FuzzFrame(bytes, WebSocketMessageType.Text, cuts)));

    /// <summary>A binary frame of random bytes, cut into up to 4 fragments.</summary>
    public static Gen<FuzzFrame> BinaryFrame(int maxBytes) =>
        Gen.Byte.Array[0, maxBytes].SelectMany(bytes => Cuts(bytes.Length).Select(cuts => new FuzzFrame(bytes, WebSocketMessageType.Binary, cuts)));

    /// <summary>Where to cut a message of <paramref name="length"/> bytes into fragments: mostly nowhere, else up to 3 odd places.</summary>
    public static Gen<int[]> Cuts(int length) => length < 2
        ? Gen.Const(Array.Empty<int>())
        : Gen.Frequency(
            (3, Gen.Const(Array.Empty<int>())),
            (2, Gen.Int[1, length - 1].Array[1, 3]));

    public static string Quote(string value) => "\"" + value + "\"";

    private static Gen<byte[]> Mutate(byte[] b, int oversizeBytes) => Gen.Frequency(
        (10, Gen.Const(b)),
        (2, FlipBytes(b)),
        (2, Gen.Int[0, Math.Max(0, b.Length - 1)].Select(n => b[..n])),
        (2, Insert(b, Gen.String[Gen.Char["{}[],:\"\\ 0aZ-."], 1, 6].Select(Encoding.UTF8.GetBytes))),
        (1, Insert(b, Gen.OneOf<byte[]>([0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]))),
        (1, Insert(b, Gen.OneOf("\\ud800", "\\udc00", "\\u0000", "\\").Select(Encoding.UTF8.GetBytes))),
        (1, Gen.Int[1, 300].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth)).Concat(b).Concat(Encoding.UTF8.GetBytes(new string(']', depth))).ToArray())),
        (1, Gen.Const(b.Concat(Enumerable.Repeat((byte)' ', oversizeBytes)).ToArray())),
        (1, Gen.Const(b.Concat(b).ToArray())));

    private static Gen<byte[]> FlipBytes(byte[] b) => b.Length == 0
        ? Gen.Const(b)
        : Gen.Select(Gen.Int[0, b.Length - 1].Array[1, 4], Gen.Frequency((4, Gen.Byte[0x20, 0x7E]), (1, Gen.Byte)).Array[4], (positions, values) =>
        {
            var copy = (byte[])b.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                copy[positions[i]] = values[i];
            }

            return copy;
        });

    private static Gen<byte[]> Insert(byte[] b, Gen<byte[]> what) =>
        Gen.Select(Gen.Int[0, b.Length], what, (at, inserted) => b[..at].Concat(inserted).Concat(b[at..]).ToArray());

    private static Gen<T[]> Sequence<T>(Gen<T>[] gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (all, next) => Gen.Select(all, next, (a, x) => a.Append(x).ToArray()));
}
