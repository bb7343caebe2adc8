using FastEndpoints;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Auth.Cli;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Hosting;
using Serilog;

if (AdminCommand.Handles(args))
{
    try
    {
        return await AdminCommand.RunAsync(args, Console.In, Console.Out, Console.Error, CancellationToken.None);
    }
    catch (OptionsValidationException ex)
    {
        await Console.Error.WriteLineAsync(string.Join(" ", ex.Failures));
        return 2;
    }
}

var commandLine = CommandLine.Parse(args);
if (commandLine.ShowHelp)
{
    await Console.Out.WriteLineAsync(CommandLine.Usage);
    return 0;
}

Log.Logger = SupervisorLogging.CreateBootstrapLogger();
foreach (var warning in commandLine.Warnings)
    Log.Warning("Command line: {Warning}", warning);
if (commandLine.Error is { } argumentError)
{
    Log.Fatal("Invalid command line: {Error}", argumentError);
    await Log.CloseAndFlushAsync();
    return 2;
}

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        // Our own parser owns the command line; appsettings.json is read from beside the executable.
        Args = [],
        ContentRootPath = AppContext.BaseDirectory,
    });
    // Precedence: appsettings.json < --config file < SDS__ environment variables < command line.
    SupervisorConfiguration.AddCommandLine(builder.Configuration, commandLine);

    builder.Host.UseSystemd();
    builder.Services.AddSerilog((services, logger) => SupervisorLogging.Configure(logger, builder.Configuration));
    builder.Services.AddFastEndpoints();
    builder.Services.AddSupervisor(builder.Configuration);

    var options = builder.Configuration.GetSection(SupervisorOptions.SectionName).Get<SupervisorOptions>() ?? new SupervisorOptions();
    if (DataDirectory.Prepare(options.DataDir) is { } dataDirError)
        throw new OptionsValidationException(SupervisorOptions.SectionName, typeof(SupervisorOptions), [dataDirError]);
    // Before anything opens the job store or starts a worker: a second supervisor here would requeue the first one's jobs.
    var locked = DataDirectoryLock.TryAcquire(options.DataDir);
    if (locked.HeldElsewhere)
    {
        Log.Fatal("Another supervisor (pid {HolderPid}) holds the data dir {DataDir}; exiting without touching it. Stop that one, or give this one its own --data-dir",
            locked.HolderPid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", Path.GetFullPath(options.DataDir));
        return 1;
    }
    if (locked.Error is { } lockError)
        throw new OptionsValidationException(SupervisorOptions.SectionName, typeof(SupervisorOptions), [$"--data-dir: {lockError}"]);
    if (locked.Warning is { } lockWarning)
        Log.Warning("{LockWarning}", lockWarning);
    // Held until the process ends; the kernel releases it however the process ends.
    using var dataDirLock = locked.Lock;
    if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        builder.WebHost.UseUrls($"http://{(options.Host.Contains(':') ? $"[{options.Host}]" : options.Host)}:{options.Port}");

    var app = builder.Build();
    app.UseSupervisorApi();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    Log.Fatal("Invalid configuration: {Errors}", string.Join(" ", ex.Failures));
    return 2;
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    Log.Fatal("Invalid configuration: {Error}", ex.Message);
    return 2;
}
catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or System.Net.Sockets.SocketException)
{
    Log.Fatal("Cannot listen: {Error}. Is another server using the port? Choose one with --port", ex.Message);
    return 1;
}
catch (Exception ex)
{
    Log.Fatal(ex, "The supervisor stopped because of an unexpected error");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
