// Tests of NdArray: factories validate shapes and copy, typed accessors reject the wrong dtype, and
// conversions to and from float32 Tensors keep shape (0-d and empty included) and values.
using Recur.IO;
using Recur.Tensors;

namespace Recur.Tests.IO;

public class NdArrayTests
{
    [Fact]
    public void Factories_copy_the_data_and_keep_the_shape()
    {
        float[] source = [1, 2, 3, 4, 5, 6];
        var a = NdArray.FromFloat32(source, [2, 3]);
        source[0] = 99;
        Assert.Equal(1f, a.AsFloat32()[0]);
        Assert.Equal(new[] { 2, 3 }, a.ShapeArray);
        Assert.Equal(DType.F32, a.DType);
        Assert.Equal(6, a.Length);
        Assert.Equal(4, a.ItemSize);
        Assert.IsType<float[]>(a.Data);

        Assert.IsType<double[]>(NdArray.FromFloat64([1], [1]).Data);
        Assert.IsType<int[]>(NdArray.FromInt32([1], [1]).Data);
        Assert.IsType<long[]>(NdArray.FromInt64([1], [1]).Data);
        Assert.Equal(8, NdArray.FromInt64([1], [1]).ItemSize);
    }

    [Fact]
    public void Zero_d_and_empty_arrays()
    {
        var scalar = NdArray.FromFloat64([2.5], []);
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(1, scalar.Length);
        var empty = NdArray.FromInt32([], [3, 0]);
        Assert.Equal(0, empty.Length);
        Assert.Equal(new[] { 3, 0 }, empty.ShapeArray);
    }

    [Fact]
    public void Factories_reject_mismatched_or_negative_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => NdArray.FromFloat32([1, 2, 3], [2, 2]));
        Assert.Contains("[2, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => NdArray.FromInt64([1], [-1]));
        Assert.Throws<ArgumentException>(() => NdArray.FromFloat64([1, 2], []));
    }

    [Fact]
    public void Typed_accessors_throw_clearly_on_the_wrong_dtype()
    {
        var a = NdArray.FromInt64([1, 2], [2]);
        var e = Assert.Throws<InvalidOperationException>(() => a.AsFloat32());
        Assert.Contains("I64", e.Message);
        Assert.Contains("F32", e.Message);
        Assert.Throws<InvalidOperationException>(() => a.AsFloat64());
        Assert.Throws<InvalidOperationException>(() => a.AsInt32());
        Assert.Same(a.Data, a.AsInt64());
    }

    [Fact]
    public void ToTensor_converts_every_dtype_to_float32()
    {
        Assert.Equal(new[] { 1.5f, -2f }, NdArray.FromFloat32([1.5f, -2f], [2]).ToTensor().ToArray());
        Assert.Equal(new[] { (float)Math.PI, 1e30f }, NdArray.FromFloat64([Math.PI, 1e30], [2, 1]).ToTensor().ToArray());
        Assert.Equal(new[] { -7f, 16777216f }, NdArray.FromInt32([-7, 16777217], [2]).ToTensor().ToArray());
        Assert.Equal(new[] { 9.223372e18f }, NdArray.FromInt64([long.MaxValue], [1]).ToTensor().ToArray());

        var t = NdArray.FromInt64([3, 4, 5, 6, 7, 8], [1, 2, 3]).ToTensor();
        Assert.Equal(new[] { 1, 2, 3 }, t.ShapeArray);
        Assert.Equal(new[] { 3f, 4, 5, 6, 7, 8 }, t.ToArray());
    }

    [Fact]
    public void ToTensor_keeps_0_d_and_empty_shapes()
    {
        var scalar = NdArray.FromFloat64([0.5], []).ToTensor();
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(new[] { 0.5f }, scalar.ToArray());
        var empty = NdArray.FromFloat32([], [0, 4]).ToTensor();
        Assert.Equal(new[] { 0, 4 }, empty.ShapeArray);
        Assert.Empty(empty.ToArray());
    }

    [Fact]
    public void FromTensor_round_trips_and_does_not_alias()
    {
        var t = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 3, 2);
        var a = NdArray.FromTensor(t);
        Assert.Equal(DType.F32, a.DType);
        Assert.Equal(new[] { 3, 2 }, a.ShapeArray);
        t.Data[0] = 100;
        Assert.Equal(1f, a.AsFloat32()[0]);
        var back = a.ToTensor();
        Assert.Equal(new[] { 3, 2 }, back.ShapeArray);
        Assert.Equal(new[] { 1f, 2, 3, 4, 5, 6 }, back.ToArray());

        var s = NdArray.FromTensor(Tensor.Scalar(3f));
        Assert.Equal(0, s.Rank);
        Assert.Equal(new[] { 3f }, s.AsFloat32());
    }
}
