using System;
using System.Buffers;
using System.Buffers.Text;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using CsCheck;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Audio;

public class Avx2Base64Tests
{
    private const byte Untouched = 0xEE;

    [Fact]
    public void IsActive_OnAvx2WithoutAvx512Vbmi_RunsTheBlockLoop()
    {
        // Arrange
        bool expected = Avx2.IsSupported && !(Vector512.IsHardwareAccelerated && Avx512Vbmi.IsSupported);

        // Act
        bool active = Avx2Base64.IsActive;

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
            AssertEncodesAsRuntime(input, Base64.GetMaxEncodedToUtf8Length(length), isFinalBlock: true);
            AssertEncodesAsRuntime(input, Base64.GetMaxEncodedToUtf8Length(length), isFinalBlock: false);
        }
    }

    [Fact]
    public void EncodeToUtf8_AnyInputAnyDestinationLength_MatchesTheRuntime()
    {
        // Short destinations stop both encoders mid-input (DestinationTooSmall) at the same place.
        Gen.Select(Gen.Byte.Array[0, 3_000], Gen.Int[0, 4_100], Gen.Bool).Sample((input, destinationLength, isFinalBlock) =>
            AssertEncodesAsRuntime(input, destinationLength, isFinalBlock));
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
                AssertEncodesAsRuntime(input, 3200, isFinalBlock: true);
            }
        }
    }

    private static void AssertEncodesAsRuntime(byte[] input, int destinationLength, bool isFinalBlock)
    {
        // Arrange
        byte[] expected = new byte[destinationLength];
        byte[] actual = new byte[destinationLength];
        expected.AsSpan().Fill(Untouched);
        actual.AsSpan().Fill(Untouched);

        // Act
        OperationStatus expectedStatus = Base64.EncodeToUtf8(input, expected, out int expectedConsumed, out int expectedWritten, isFinalBlock);
        OperationStatus status = Avx2Base64.EncodeToUtf8(input, actual, out int consumed, out int written, isFinalBlock);

        // Assert: the same result, and nothing written past what is reported.
        Assert.Equal((expectedStatus, expectedConsumed, expectedWritten), (status, consumed, written));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void DecodeFromUtf8_EveryLengthUpTo400_MatchesTheRuntime()
    {
        var random = new Random(11);
        for (int length = 0; length <= 400; length++)
        {
            // Arrange
            byte[] decoded = new byte[length];
            random.NextBytes(decoded);
            byte[] base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(decoded));

            // Act + Assert
            AssertDecodesAsRuntime(base64, length, isFinalBlock: true);
            AssertDecodesAsRuntime(base64, length + 8, isFinalBlock: false);
        }
    }

    [Fact]
    public void DecodeFromUtf8_EveryByteValueInEveryBlockPosition_MatchesTheRuntime()
    {
        // Each of the 256 byte values (valid or not) at each of the 32 positions of a block, in a 50 ms delta.
        byte[] valid = Encoding.ASCII.GetBytes(Convert.ToBase64String(new byte[2400]));
        for (int position = 0; position < 32; position++)
        {
            for (int value = 0; value < 256; value++)
            {
                // Arrange
                byte[] base64 = (byte[])valid.Clone();
                base64[(value % 100 * 32) + position] = (byte)value;

                // Act + Assert
                AssertDecodesAsRuntime(base64, 2400, isFinalBlock: value % 2 == 0);
            }
        }
    }

    [Fact]
    public void DecodeFromUtf8_DamagedInputAnyDestinationLength_MatchesTheRuntime()
    {
        // What a JSON value or a caller's frame can hold besides base64: padding, whitespace, a closing quote, escapes,
        // the URL-safe alphabet, non-ASCII.
        byte[] intruders = " \t\r\n=\"\\-_{}\u0000"u8.ToArray().Concat(new byte[] { 0x7f, 0x80, 0xc3, 0xff }).ToArray();
        Gen<(double Where, int Intruder)[]> damages = Gen.Select(Gen.Double[0, 1], Gen.Int[0, intruders.Length - 1]).Array[0, 3];
        Gen.Select(Gen.Byte.Array[0, 2_500], damages, Gen.Int[0, 4_000], Gen.Bool).Sample((decoded, damage, destinationLength, isFinalBlock) =>
        {
            // Arrange
            byte[] base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(decoded));
            foreach ((double where, int intruder) in damage)
            {
                if (base64.Length > 0)
                {
                    base64[Math.Min((int)(where * base64.Length), base64.Length - 1)] = intruders[intruder];
                }
            }

            // Act + Assert
            AssertDecodesAsRuntime(base64, destinationLength, isFinalBlock);
        });
    }

    private static void AssertDecodesAsRuntime(byte[] base64, int destinationLength, bool isFinalBlock)
    {
        // Arrange
        byte[] expected = new byte[destinationLength];
        byte[] actual = new byte[destinationLength];

        // Act
        OperationStatus expectedStatus = Base64.DecodeFromUtf8(base64, expected, out int expectedConsumed, out int expectedWritten, isFinalBlock);
        OperationStatus status = Avx2Base64.DecodeFromUtf8(base64, actual, out int consumed, out int written, isFinalBlock);

        // Assert
        Assert.Equal((expectedStatus, expectedConsumed, expectedWritten), (status, consumed, written));
        Assert.Equal(expected.AsSpan(0, expectedWritten).ToArray(), actual.AsSpan(0, written).ToArray());
    }
}
