// TestUtilTests: the shared test helpers catch what they exist to catch.
using Xunit.Sdk;

namespace Recur.Tests;

public class TestUtilTests
{
    [Fact]
    public void Steady_allocation_check_fails_on_a_per_call_allocation_and_names_every_window()
    {
        var e = Assert.Throws<FailException>(() => TestUtil.AssertNoSteadyAllocation(() => GC.KeepAlive(new byte[100]), 10, "allocating action"));
        Assert.Contains("allocating action: every window of 10 calls allocated", e.Message);
        Assert.Equal(3, e.Message.Split(',').Length);
    }

    [Fact]
    public void Steady_allocation_check_passes_an_action_that_allocates_nothing()
    {
        int calls = 0;
        TestUtil.AssertNoSteadyAllocation(() => calls++, 10, "counter");
        Assert.Equal(10, calls);
    }
}
