namespace SdSupervised.IntegrationTests.Worker;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
internal static class Poll
{
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout) =>
        UntilAsync(() => Task.FromResult(condition()), timeout);

    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
                return true;
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(10);
        }
    }
}
