using System;
using System.ComponentModel;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Tools;

public class ToolRegistryTests
{
    private sealed record Sum(int Total);

    private static ToolRegistry CreateWithAdd()
    {
        var registry = new ToolRegistry();
        registry.Add(([Description("First addend")] int a, int b) => new Sum(a + b), "add", "Adds two numbers.");
        return registry;
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void Definitions_DelegateTool_HasNameDescriptionAndSchema()
    {
        // Arrange
        ToolRegistry registry = CreateWithAdd();

        // Act
        RealtimeToolDefinition definition = Assert.Single(registry.Definitions);

        // Assert
        Assert.Equal("add", definition.Name);
        Assert.Equal("Adds two numbers.", definition.Description);
        Assert.Equal("object", definition.Parameters.GetProperty("type").GetString());
        JsonElement properties = definition.Parameters.GetProperty("properties");
        Assert.Equal("integer", properties.GetProperty("a").GetProperty("type").GetString());
        Assert.Equal("First addend", properties.GetProperty("a").GetProperty("description").GetString());
        Assert.Equal(["a", "b"], definition.Parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Definitions_SeveralTools_KeepRegistrationOrder()
    {
        var registry = new ToolRegistry();
        registry.Add(() => 1, "first");
        registry.Add(AIFunctionFactory.Create(() => 2, "second"));
        registry.AddRange([AIFunctionFactory.Create(() => 3, "third")]);

        Assert.Equal(["first", "second", "third"], registry.Definitions.Select(d => d.Name));
    }

    [Fact]
    public void Add_DuplicateName_Throws()
    {
        ToolRegistry registry = CreateWithAdd();

        Assert.Throws<ArgumentException>(() => registry.Add(() => 0, "add"));
    }

    [Fact]
    public async Task InvokeAsync_ValidArguments_ReturnsOkOutputAndTypedValue()
    {
        // Arrange
        ToolRegistry registry = CreateWithAdd();

        // Act
        ToolInvocationResult result = await registry.InvokeAsync("call_1", "add", """{"a":2,"b":40}""");

        // Assert
        Assert.True(result.Succeeded);
        Assert.False(result.IsDuplicate);
        Assert.Equal("call_1", result.CallId);
        Assert.Equal("add", result.ToolName);
        Assert.Equal(new Sum(42), result.Value);
        JsonElement output = Parse(result.Output);
        Assert.True(output.GetProperty("ok").GetBoolean());
        Assert.Equal(42, output.GetProperty("result").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task InvokeAsync_AIFunctionInstance_ValueIsWhatItReturned()
    {
        var registry = new ToolRegistry();
        registry.Add(AIFunctionFactory.Create((string word) => word.ToUpperInvariant(), "shout"));

        ToolInvocationResult result = await registry.InvokeAsync("c", "shout", """{"word":"hi"}""");

        Assert.True(result.Succeeded);
        Assert.Equal("HI", Assert.IsType<JsonElement>(result.Value).GetString());
        Assert.Equal("HI", Parse(result.Output).GetProperty("result").GetString());
    }

    [Fact]
    public async Task InvokeAsync_VoidHandler_ReturnsOkWithoutResult()
    {
        var registry = new ToolRegistry();
        int calls = 0;
        registry.Add(() => { Interlocked.Increment(ref calls); }, "ping");

        ToolInvocationResult result = await registry.InvokeAsync("c", "ping", "");

        Assert.True(result.Succeeded);
        Assert.Equal(1, calls);
        Assert.Equal("""{"ok":true}""", result.Output);
    }

    [Fact]
    public async Task InvokeAsync_UnknownTool_ReturnsUnknownToolError()
    {
        ToolRegistry registry = CreateWithAdd();

        ToolInvocationResult result = await registry.InvokeAsync("c", "multiply", "{}");

        AssertError(result, ToolErrorCodes.UnknownTool);
        Assert.Contains("add", result.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":1,")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("42")]
    public async Task InvokeAsync_MalformedArguments_ReturnsInvalidArgumentsError(string arguments)
    {
        ToolRegistry registry = CreateWithAdd();

        ToolInvocationResult result = await registry.InvokeAsync("c", "add", arguments);

        AssertError(result, ToolErrorCodes.InvalidArguments);
    }

    [Fact]
    public async Task InvokeAsync_MissingRequiredArgument_ErrorNamesArgument()
    {
        ToolRegistry registry = CreateWithAdd();

        ToolInvocationResult result = await registry.InvokeAsync("c", "add", """{"a":1}""");

        AssertError(result, ToolErrorCodes.InvalidArguments);
        Assert.Equal("b", result.Error!.Field);
        Assert.Equal("b", Parse(result.Output).GetProperty("error").GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"a":"two","b":1}""")]
    [InlineData("""{"a":1.5,"b":1}""")]
    [InlineData("""{"a":true,"b":1}""")]
    public async Task InvokeAsync_WrongArgumentType_ErrorNamesArgument(string arguments)
    {
        ToolRegistry registry = CreateWithAdd();

        ToolInvocationResult result = await registry.InvokeAsync("c", "add", arguments);

        AssertError(result, ToolErrorCodes.InvalidArguments);
        Assert.Equal("a", result.Error!.Field);
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrows_ReturnsGenericToolFailedError()
    {
        var registry = new ToolRegistry();
        registry.Add(new Func<int>(() => throw new InvalidOperationException("secret detail")), "boom");

        ToolInvocationResult result = await registry.InvokeAsync("c", "boom", "{}");

        AssertError(result, ToolErrorCodes.ToolFailed);
        Assert.DoesNotContain("secret detail", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrowsWithDetailsEnabled_IncludesMessage()
    {
        var registry = new ToolRegistry(new ToolRegistryOptions { IncludeExceptionMessages = true });
        registry.Add(new Func<int>(() => throw new InvalidOperationException("disk full")), "boom");

        ToolInvocationResult result = await registry.InvokeAsync("c", "boom", "{}");

        AssertError(result, ToolErrorCodes.ToolFailed);
        Assert.Contains("disk full", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrowsTimeoutException_IsToolFailureNotTimeout()
    {
        var registry = new ToolRegistry();
        registry.Add(new Func<int>(() => throw new TimeoutException("upstream")), "upstream");

        ToolInvocationResult result = await registry.InvokeAsync("c", "upstream", "{}");

        AssertError(result, ToolErrorCodes.ToolFailed);
    }

    [Fact]
    public async Task InvokeAsync_HandlerCancelsItself_IsToolFailure()
    {
        var registry = new ToolRegistry();
        registry.Add(new Func<int>(() => throw new OperationCanceledException()), "gives_up");

        ToolInvocationResult result = await registry.InvokeAsync("c", "gives_up", "{}");

        AssertError(result, ToolErrorCodes.ToolFailed);
    }

    [Fact]
    public async Task InvokeAsync_HandlerReturnsToolResultFailure_ReturnsThatError()
    {
        var registry = new ToolRegistry();
        registry.Add(() => ToolResult.Failure(new ToolError("invalid_field", "email: no @", "email")), "check");

        ToolInvocationResult result = await registry.InvokeAsync("c", "check", "{}");

        AssertError(result, "invalid_field");
        Assert.Equal("email", Parse(result.Output).GetProperty("error").GetProperty("field").GetString());
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task InvokeAsync_HandlerReturnsToolResultSuccess_UnwrapsValue()
    {
        var registry = new ToolRegistry();
        registry.Add(() => ToolResult.Success(new Sum(7)), "seven");

        ToolInvocationResult result = await registry.InvokeAsync("c", "seven", "{}");

        Assert.True(result.Succeeded);
        Assert.Equal(new Sum(7), result.Value);
        Assert.Equal(7, Parse(result.Output).GetProperty("result").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task InvokeAsync_HandlerOverrunsTimeout_ReturnsTimeoutErrorAndCancelsHandler()
    {
        // Arrange: the handler only finishes when cancelled, so the timeout is the only way out.
        var registry = new ToolRegistry();
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.Add(
            AIFunctionFactory.Create(async (CancellationToken ct) =>
            {
                using CancellationTokenRegistration _ = ct.Register(() => handlerCancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, ct);
            }, "slow"),
            TimeSpan.FromMilliseconds(50));

        // Act
        ToolInvocationResult result = await registry.InvokeAsync("c", "slow", "{}").WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        AssertError(result, ToolErrorCodes.Timeout);
        await handlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task InvokeAsync_HandlerIgnoresCancellation_StillReturnsTimeoutError()
    {
        var registry = new ToolRegistry(new ToolRegistryOptions { DefaultTimeout = TimeSpan.FromMilliseconds(50) });
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.Add(() => release.Task, "stuck");

        ToolInvocationResult result = await registry.InvokeAsync("c", "stuck", "{}").WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult(1);

        AssertError(result, ToolErrorCodes.Timeout);
    }

    [Fact]
    public async Task InvokeAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var registry = new ToolRegistry();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.Add(AIFunctionFactory.Create(async (CancellationToken ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, "wait"));
        using var cts = new CancellationTokenSource();

        Task<ToolInvocationResult> invocation = registry.InvokeAsync("c", "wait", "{}", cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invocation);
    }

    [Fact]
    public async Task InvokeAsync_AlreadyCancelledToken_Throws()
    {
        ToolRegistry registry = CreateWithAdd();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => registry.InvokeAsync("c", "add", """{"a":1,"b":2}""", new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task InvokeAsync_SameCallIdTwice_RunsHandlerOnceAndMarksDuplicate()
    {
        // Arrange
        var registry = new ToolRegistry();
        int runs = 0;
        registry.Add(() => Interlocked.Increment(ref runs), "count");

        // Act
        ToolInvocationResult first = await registry.InvokeAsync("call_9", "count", "{}");
        ToolInvocationResult second = await registry.InvokeAsync("call_9", "count", "{}");

        // Assert
        Assert.Equal(1, runs);
        Assert.False(first.IsDuplicate);
        Assert.True(second.IsDuplicate);
        Assert.Equal(first.Output, second.Output);
        Assert.Equal(first.Value, second.Value);
    }

    [Fact]
    public async Task InvokeAsync_SameCallIdConcurrently_RunsHandlerOnce()
    {
        var registry = new ToolRegistry();
        int runs = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.Add(async () => { Interlocked.Increment(ref runs); await release.Task; return 5; }, "gate");

        Task<ToolInvocationResult>[] calls = Enumerable.Range(0, 8).Select(_ => registry.InvokeAsync("same", "gate", "{}")).ToArray();
        release.SetResult();
        ToolInvocationResult[] results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, runs);
        Assert.Single(results, r => !r.IsDuplicate);
        Assert.All(results, r => Assert.Equal("""{"ok":true,"result":5}""", r.Output));
    }

    [Fact]
    public async Task InvokeAsync_DifferentCallIds_RunsHandlerEachTime()
    {
        var registry = new ToolRegistry();
        int runs = 0;
        registry.Add(() => Interlocked.Increment(ref runs), "count");

        await registry.InvokeAsync("a", "count", "{}");
        await registry.InvokeAsync("b", "count", "{}");

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task InvokeAsync_Handler_RunsWithoutSynchronizationContext()
    {
        var registry = new ToolRegistry();
        registry.Add(() => SynchronizationContext.Current is null, "probe");
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new SynchronizationContext());
        try
        {
            ToolInvocationResult result = await registry.InvokeAsync("c", "probe", "{}");
            Assert.Equal(true, result.Value);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static void AssertError(ToolInvocationResult result, string code)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error!.Code);
        JsonElement output = Parse(result.Output);
        Assert.False(output.GetProperty("ok").GetBoolean());
        Assert.Equal(code, output.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(output.GetProperty("error").GetProperty("message").GetString()));
    }
}
