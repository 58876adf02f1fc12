// PlanBuilder: turns a Sequential's layers into plan stages for one input shape, shared by TrainingPlan
// (training = true: stages save what Backward needs) and InferencePlan (false: evaluation-mode forward
// only, so dropout of any rate is the identity). A layer it cannot plan is named in the reason.
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Training.Plan;

internal static class PlanBuilder
{
    /// <summary>Builds one stage per layer, or returns false with the reason (no stage is left undisposed).</summary>
    public static bool TryBuild(Sequential model, int[] inputShape, bool training, out PlanStage[] stages, out string? reason)
    {
        stages = [];
        reason = null;
        if (model.Layers.Count == 0)
        {
            reason = "the model has no layers";
            return false;
        }
        var built = new List<PlanStage>();
        int[] shape = (int[])inputShape.Clone();
        foreach (var layer in model.Layers)
        {
            var stage = StageFor(layer, shape, training, out reason);
            if (stage == null)
            {
                foreach (var s in built) s.Dispose();
                return false;
            }
            built.Add(stage);
            shape = stage.OutputShape;
        }
        stages = built.ToArray();
        return true;
    }

    private static PlanStage? StageFor(ILayer layer, int[] shape, bool training, out string? reason)
    {
        reason = null;
        string at = $"{layer.GetType().Name} with input {Shapes.Format(shape)}";
        switch (layer)
        {
            case Embedding { MaskPadding: true }:
                reason = $"{at}: padding masks (maskPadding) are not planned";
                return null;
            case Embedding e:
                return new EmbeddingStage(e, shape, training);
            case RecurrentLayer r when shape.Length == 3 && shape[^1] == r.InputSize && (!training || r.Dropout == 0f || !r.Training):
                return new RecurrentStage(r, shape, training);
            case RecurrentLayer r when r.Dropout != 0f && r.Training && training:
                reason = $"{at}: inter-layer dropout in training mode is not planned";
                return null;
            case RecurrentLayer:
                reason = $"{at}: needs a batched 3-D input whose last axis is the input size";
                return null;
            case Linear l when shape.Length >= 1 && shape[^1] == l.Weight.Size(1):
                return new LinearStage(l, shape, training);
            case LastTimeStep last when shape.Length == 3 && shape[1] > 0 && (!last.Bidirectional || shape[2] % 2 == 0):
                return new LastTimeStepStage(shape, last.Bidirectional, training);
            case Dropout d when !training || d.P == 0f || !d.Training:
                return new IdentityStage(shape, training);
            default:
                reason = $"{at} is not planned";
                return null;
        }
    }
}
