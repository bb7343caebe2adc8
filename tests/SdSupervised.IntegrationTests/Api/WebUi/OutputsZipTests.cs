using System.IO.Compression;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.WebUi;

/// <summary><c>POST /api/outputs/zip</c> (the gallery's multi-select download) and <c>GET /api/queue/history</c> over real HTTP.</summary>
public sealed class OutputsZipTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Zip_of_two_jobs_outputs_holds_exactly_their_png_bytes()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1 });
        var first = await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);
        var second = await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = 7 }), Timeouts.Job);
        var files = new[] { first, second }.Select(j => new { job_id = j.Id, filename = j.Outputs[0].Filename }).ToArray();

        var zip = await sup.Api.PostAsync("/api/outputs/zip", new { files = files.Append(files[0]) });
        sup.Expect(zip.Code == 200 && zip.ContentType == "application/zip" && zip.Header("Content-Disposition")!.Contains("attachment"),
            $"the ZIP comes as an attachment\n{zip}");
        using var archive = new ZipArchive(new MemoryStream(zip.Body), ZipArchiveMode.Read);
        sup.Expect(archive.Entries.Count == 2, $"one entry per distinct output: {string.Join(", ", archive.Entries.Select(e => e.FullName))}");
        foreach (var job in new[] { first, second })
        {
            var name = $"{job.Id}/{job.Outputs[0].Filename}";
            var entry = archive.GetEntry(name) ?? throw sup.Fail($"no entry {name}");
            using var read = new MemoryStream();
            await using (var s = entry.Open()) await s.CopyToAsync(read);
            var direct = await sup.Api.DownloadAsync(job.Outputs[0].Url!);
            sup.Expect(read.ToArray().AsSpan().SequenceEqual(direct.Body), $"{name} holds the same bytes as the download");
        }

        var history = await sup.Api.GetAsync("/api/queue/history?status=completed&type=text2img&limit=10");
        var ids = history.Json?["jobs"]?.AsArray().Select(j => j.Str("job_id")).ToList() ?? [];
        sup.Expect(history.Code == 200 && ids.Count == 2 && ids[0] == second.Id && ids[1] == first.Id, $"history lists both, newest first\n{history}");
        var none = await sup.Api.GetAsync("/api/queue/history?status=failed");
        sup.Expect(none.Code == 200 && none.Json?["jobs"]?.AsArray().Count == 0, $"no failed job in history\n{none}");
    }

    [Fact]
    public async Task Bad_zip_and_history_requests_are_4xx_with_a_json_error()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1 });
        var job = await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 1 }), Timeouts.Job);
        var cases = new (string Body, int Status, string? Field)[]
        {
            ("{}", 400, "files"),
            ("{\"files\":[]}", 400, "files"),
            ("{\"files\":[{\"job_id\":\"\",\"filename\":\"x.png\"}]}", 400, null),
            ("{\"files\":[{\"job_id\":\"" + job.Id + "\"}]}", 400, null),
            ("{\"files\":\"all\"}", 400, null),
            ("{\"files\":[{\"job_id\":\"0123456789abcdef0123456789abcdef\",\"filename\":\"0.png\"}]}", 404, null),
            ("{\"files\":[{\"job_id\":\"" + job.Id + "\",\"filename\":\"../../jobs.db\"}]}", 404, null),
            ("{\"files\":[{\"job_id\":\"" + job.Id + "\",\"filename\":\"missing.png\"}]}", 404, null),
        };
        foreach (var (body, status, field) in cases)
        {
            var response = await sup.Api.PostRawAsync("/api/outputs/zip", body);
            ErrorBody.Assert4xx(response, $"zip {body}", status);
            if (field is not null) ErrorBody.AssertNamesField(response, field, $"zip {body}");
        }
        var tooMany = "{\"files\":[" + string.Join(",", Enumerable.Repeat("{\"job_id\":\"a\",\"filename\":\"b\"}", 1001)) + "]}";
        ErrorBody.Assert4xx(await sup.Api.PostRawAsync("/api/outputs/zip", tooMany), "zip of 1001 files", 400);
        foreach (var query in new[] { "status=done", "type=text2img,paint", "limit=0", "limit=501" })
            ErrorBody.Assert4xx(await sup.Api.GetAsync($"/api/queue/history?{query}"), $"history ?{query}", 400);
    }
}
