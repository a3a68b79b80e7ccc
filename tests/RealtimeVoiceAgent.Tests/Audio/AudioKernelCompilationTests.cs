using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Audio;

/// <summary>
/// Every per-frame loop of the audio path is marked <see cref="MethodImplOptions.AggressiveOptimization"/>. Under
/// load, tiered compilation kept the resampler's loops at Tier0 (several times slower) for tens of seconds in the relay
/// load run, because each new Tier0 compilation elsewhere postpones tier-up; the relay then spent a quarter of its CPU
/// in unoptimised resampling. The attribute compiles these methods fully optimised on first call. A loop is found as a
/// backward branch in the method's IL, so a new kernel without the attribute fails here. (AggressiveInlining methods are
/// exempt: they are compiled into their caller.)
/// </summary>
public class AudioKernelCompilationTests
{
    // Methods with loops that run once (filter design, table construction), not per frame.
    private static readonly HashSet<string> s_runOnce =
    [
        "DesignPolyphaseTable", "BesselI0", "KaiserBeta", "ReduceRatio",
        "BuildMuLawEncodeTable", "BuildALawEncodeTable", "BuildDecodeTable", "CompressMuLaw", "CompressALaw",
    ];

    public static TheoryData<string> KernelTypes() => new() { nameof(Pcm16Resampler), nameof(G711), "AudioAppendFraming", "AudioDeltaReader" };

    [Theory]
    [MemberData(nameof(KernelTypes))]
    public void PerFrameLoops_AreCompiledFullyOptimised(string typeName)
    {
        var type = typeof(Pcm16Resampler).Assembly.GetTypes().Single(t => t.Name == typeName && t.Namespace == typeof(Pcm16Resampler).Namespace);
        var loops = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !s_runOnce.Contains(m.Name) && HasBackwardBranch(m))
            .ToList();

        // An AggressiveInlining method is compiled as part of its caller, which this test checks in turn.
        Assert.NotEmpty(loops);
        var missing = loops
            .Where(m => (m.MethodImplementationFlags & (MethodImplAttributes.AggressiveOptimization | MethodImplAttributes.AggressiveInlining)) == 0)
            .Select(m => m.Name)
            .ToList();
        Assert.True(missing.Count == 0, "Per-frame loops without [MethodImpl(MethodImplOptions.AggressiveOptimization)]: " + string.Join(", ", missing));
    }

    [Fact]
    public void HasBackwardBranch_LoopVersusStraightLine_TellsThemApart()
    {
        Assert.True(HasBackwardBranch(typeof(AudioKernelCompilationTests).GetMethod(nameof(SumWithLoop), BindingFlags.NonPublic | BindingFlags.Static)!));
        Assert.False(HasBackwardBranch(typeof(AudioKernelCompilationTests).GetMethod(nameof(StraightLine), BindingFlags.NonPublic | BindingFlags.Static)!));
    }

    private static int SumWithLoop(int[] values)
    {
        var sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static int StraightLine(int a, int b) => a > b ? a - b : b - a;

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    // Walks the IL instruction by instruction; a branch whose target is at or before the branch itself closes a loop.
    private static bool HasBackwardBranch(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return false;
        }

        var offset = 0;
        while (offset < il.Length)
        {
            var start = offset;
            short value = il[offset++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[offset++]));
            }

            var opCode = s_opCodes[value];
            switch (opCode.OperandType)
            {
                case OperandType.ShortInlineBrTarget:
                    var shortTarget = offset + 1 + (sbyte)il[offset];
                    if (shortTarget <= start)
                    {
                        return true;
                    }

                    offset += 1;
                    break;
                case OperandType.InlineBrTarget:
                    var target = offset + 4 + BitConverter.ToInt32(il, offset);
                    if (target <= start)
                    {
                        return true;
                    }

                    offset += 4;
                    break;
                case OperandType.InlineSwitch:
                    offset += 4 + (4 * BitConverter.ToInt32(il, offset));
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    offset += 1;
                    break;
                case OperandType.InlineVar:
                    offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    offset += 8;
                    break;
                default:
                    offset += 4;
                    break;
            }
        }

        return false;
    }
}
