using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using SdSupervised.Supervisor.Hosting.Http;
using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Tests.Storage;

/// <summary>A full disk that reaches the exception handler is 507 <c>storage_full</c>, never 500 <c>internal_error</c>.</summary>
public sealed class StorageFullTests
{
    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new SqliteException("SQLite Error 13: 'database or disk is full'.", 13), true },
        { new IOException("No space left on device : '/data/inputs/x/init.png.tmp'", 28), true },
        { new IOException("Disk quota exceeded", 122), true },
        { new InvalidOperationException("wrapped", new IOException("No space left on device", 28)), true },
        { new AggregateException(new IOException("No space left on device", 28)), true },
        { new SqliteException("SQLite Error 5: 'database is locked'.", 5), false },
        { new IOException("Input/output error", 5), false },
        { new UnauthorizedAccessException("Access to the path is denied."), false },
        { new InvalidOperationException("a bug"), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Only_a_full_disk_or_quota_is_storage_full(Exception exception, bool full) =>
        Assert.Equal(full, StorageFull.Is(exception));

    [Fact]
    public void Sqlite_full_reaching_the_exception_handler_is_507_storage_full_with_the_request_id()
    {
        var error = ApiExceptionResponder.For(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13), new DefaultHttpContext { TraceIdentifier = "req-7" });

        Assert.Equal(507, error.Status);
        Assert.Equal("storage_full", error.Error);
        Assert.Equal("req-7", error.RequestId);
        Assert.DoesNotContain("SQLite", error.Message);
    }

    [Fact]
    public void No_space_left_on_device_reaching_the_exception_handler_is_507_storage_full()
    {
        var error = ApiExceptionResponder.For(new IOException("No space left on device : '/var/lib/sd-supervised/inputs/x/init.png.tmp'", 28), new DefaultHttpContext());

        Assert.Equal(507, error.Status);
        Assert.Equal("storage_full", error.Error);
        Assert.DoesNotContain("/var/lib", error.Message);
    }

    [Fact]
    public void Other_io_errors_stay_500_internal_error()
    {
        var error = ApiExceptionResponder.For(new IOException("Input/output error", 5), new DefaultHttpContext());

        Assert.Equal(500, error.Status);
        Assert.Equal("internal_error", error.Error);
    }

    [Fact]
    public void The_description_says_what_filled_up_without_a_stack_trace()
    {
        Assert.Contains("SQLite error 13", StorageFull.Describe(new InvalidOperationException("outer", new SqliteException("full", 13))));
        Assert.Equal("No space left on device", StorageFull.Describe(new IOException("No space left on device", 28)));
    }
}
