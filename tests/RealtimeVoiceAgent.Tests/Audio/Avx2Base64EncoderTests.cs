using System;
using System.Buffers;
using System.Buffers.Text;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CsCheck;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Audio;

public class Avx2Base64EncoderTests
{
    private const byte Untouched = 0xEE;

    [Fact]
    public void IsActive_OnAvx2WithoutAvx512Vbmi_RunsTheBlockLoop()
    {
        // Arrange
        bool expected = Avx2.IsSupported && !(Vector512.IsHardwareAccelerated && Avx512Vbmi.IsSupported);

        // Act
        bool active = Avx2Base64Encoder.IsActive;

        // Assert
        Assert.Equal(expected, active);
    }

    [Fact]
    public void EncodeToUtf8_EveryLengthUpTo400_MatchesTheRuntime()
    {
        // Every way the first, middle and last blocks and the runtime's tail can combine.
        var random = new Random(7);
        for (int length = 0; length <= 400; length++)
        {
            // Arrange
            byte[] input = new byte[length];
            random.NextBytes(input);

            // Act + Assert
            AssertSameAsRuntime(input, Base64.GetMaxEncodedToUtf8Length(length), isFinalBlock: true);
            AssertSameAsRuntime(input, Base64.GetMaxEncodedToUtf8Length(length), isFinalBlock: false);
        }
    }

    [Fact]
    public void EncodeToUtf8_AnyInputAnyDestinationLength_MatchesTheRuntime()
    {
        // Short destinations stop both encoders mid-input (DestinationTooSmall) at the same place.
        Gen.Select(Gen.Byte.Array[0, 3_000], Gen.Int[0, 4_100], Gen.Bool).Sample((input, destinationLength, isFinalBlock) =>
            AssertSameAsRuntime(input, destinationLength, isFinalBlock));
    }

    [Fact]
    public void EncodeToUtf8_EveryByteValueInEveryBlockPosition_MatchesTheRuntime()
    {
        // Each of the 256 byte values at each of the 24 positions of a block, in 50 ms frames of 100 blocks: the first
        // and the last block are loaded differently from the others.
        for (int position = 0; position < 24; position++)
        {
            for (int firstValue = 0; firstValue < 256; firstValue += 100)
            {
                // Arrange
                byte[] input = new byte[2400];
                for (int value = firstValue; value < Math.Min(firstValue + 100, 256); value++)
                {
                    input[((value - firstValue) * 24) + position] = (byte)value;
                }

                // Act + Assert
                AssertSameAsRuntime(input, 3200, isFinalBlock: true);
            }
        }
    }

    private static void AssertSameAsRuntime(byte[] input, int destinationLength, bool isFinalBlock)
    {
        // Arrange
        byte[] expected = new byte[destinationLength];
        byte[] actual = new byte[destinationLength];
        expected.AsSpan().Fill(Untouched);
        actual.AsSpan().Fill(Untouched);

        // Act
        OperationStatus expectedStatus = Base64.EncodeToUtf8(input, expected, out int expectedConsumed, out int expectedWritten, isFinalBlock);
        OperationStatus status = Avx2Base64Encoder.EncodeToUtf8(input, actual, out int consumed, out int written, isFinalBlock);

        // Assert: the same result, and nothing written past what is reported.
        Assert.Equal((expectedStatus, expectedConsumed, expectedWritten), (status, consumed, written));
        Assert.Equal(expected, actual);
    }
}
