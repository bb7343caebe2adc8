namespace SdSupervised.Bench;

/// <summary>How a figure reads against its goal. Informational only: the bench never fails on a number.</summary>
public static class Verdict
{
    public static string Of(bool withinGoal) => withinGoal ? "within goal" : "OVER GOAL";
}
