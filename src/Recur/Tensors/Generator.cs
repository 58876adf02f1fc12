// Generator: an explicit, seedable pseudo-random number generator (xoshiro256**, seeded by SplitMix64).
// Its whole state is four ulongs, so checkpoints can save and restore it exactly. Recur has no global
// generator: every random creation op, initialiser, dropout and shuffler takes one.
// Reference: Blackman & Vigna, "Scrambled linear pseudorandom number generators" (2021).
namespace Recur.Tensors;

/// <summary>
/// A deterministic random number generator (xoshiro256**). The same seed gives the same sequence on
/// every machine and thread count.
/// </summary>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    public Generator(ulong seed) => Seed(seed);

    /// <summary>Resets the generator to the start of the sequence for <paramref name="seed"/>.</summary>
    public void Seed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The full internal state (four words), for checkpoints.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Restores a state returned by <see cref="GetState"/>.</summary>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4)
            throw new ArgumentException($"Generator state must have 4 words, got {state.Length}.", nameof(state));
        if ((state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("Generator state must not be all zero.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "must be positive");
        // Lemire's multiply-shift with rejection.
        ulong range = (ulong)maxExclusive;
        while (true)
        {
            ulong x = NextUInt64() >> 32;
            ulong m = x * range;
            ulong low = m & 0xFFFFFFFFUL;
            if (low >= ((1UL << 32) - range) % range || low >= range)
                return (int)(m >> 32);
        }
    }

    /// <summary>A standard normal sample (Box-Muller, computed in double).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="destination"/> with U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        float scale = high - low;
        for (int i = 0; i < destination.Length; i++)
            destination[i] = low + scale * NextFloat();
    }

    /// <summary>Fills <paramref name="destination"/> with N(<paramref name="mean"/>, <paramref name="std"/>^2).</summary>
    public void FillNormal(Span<float> destination, float mean, float std)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (float)(mean + std * NextNormal());
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
