using System;
using System.Buffers;

namespace RealtimeVoiceAgent.Internal;

// A scratch array from the shared pool that a call grows to the largest frame it has seen (so it holds only what its
// frames need) and returns when it ends. Not thread-safe: each owner uses its own field.
internal static class PooledArray
{
    /// <summary>The array in <paramref name="array"/>, swapped for a larger one from the pool when it has fewer than <paramref name="length"/> elements.</summary>
    public static T[] Grow<T>(ref T[]? array, int length, int minimumLength = 0)
    {
        if (array is null || array.Length < length)
        {
            Return(ref array);
            array = ArrayPool<T>.Shared.Rent(Math.Max(length, minimumLength));
        }

        return array;
    }

    /// <summary>Returns the array to the pool (when there is one) and clears the field.</summary>
    public static void Return<T>(ref T[]? array)
    {
        if (array is not null)
        {
            ArrayPool<T>.Shared.Return(array);
            array = null;
        }
    }
}
