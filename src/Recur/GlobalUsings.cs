// Project-wide usings. TensorPrimitives is aliased because System.Numerics.Tensors also defines a Tensor type.
global using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
