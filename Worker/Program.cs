using SdSupervised.Worker;

return await WorkerHost.RunAsync(args);
