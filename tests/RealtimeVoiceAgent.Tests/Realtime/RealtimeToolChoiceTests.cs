using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using RealtimeVoiceAgent.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

public class RealtimeToolChoiceTests
{
    [Fact]
    public void Function_Name_IsAFunctionChoiceUnlikeTheModeOfTheSameName()
    {
        // Act
        RealtimeToolChoice forced = RealtimeToolChoice.Function("auto");

        // Assert
        Assert.Equal(("function", "auto", "function:auto"), (forced.Value, forced.FunctionName, forced.ToString()));
        Assert.NotEqual(RealtimeToolChoice.Auto, forced);
        Assert.Equal(RealtimeToolChoice.Function("auto"), forced);
        Assert.True(forced != RealtimeToolChoice.Function("save_contact"));
        Assert.Null(RealtimeToolChoice.Auto.FunctionName);
    }

    [Fact]
    public void Function_EmptyName_Throws()
    {
        // Act + Assert
        Assert.Throws<ArgumentException>(() => RealtimeToolChoice.Function(string.Empty));
    }

    [Theory]
    [InlineData("auto", "\"auto\"")]
    [InlineData("none", "\"none\"")]
    [InlineData("required", "\"required\"")]
    [InlineData("any", "\"any\"")]
    public void WriteSessionUpdate_Mode_WritesABareString(string mode, string expected)
    {
        // Act
        string toolChoice = WrittenToolChoice(mode);

        // Assert
        Assert.Equal(expected, toolChoice);
    }

    [Fact]
    public void WriteSessionUpdate_ForcedFunction_WritesTypeAndNameObject()
    {
        // Act
        string toolChoice = WrittenToolChoice(RealtimeToolChoice.Function("save_contact"));

        // Assert: the GA shape (protocol doc 2.2, SPEC ToolChoiceFunction)
        Assert.Equal("""{"type":"function","name":"save_contact"}""", toolChoice);
    }

    private static string WrittenToolChoice(RealtimeToolChoice toolChoice)
    {
        var output = new ArrayBufferWriter<byte>();
        ClientEventWriter.WriteSessionUpdate(output, new RealtimeSessionConfiguration { ToolChoice = toolChoice });
        using JsonDocument document = JsonDocument.Parse(Encoding.UTF8.GetString(output.WrittenSpan));
        return document.RootElement.GetProperty("session").GetProperty("tool_choice").GetRawText();
    }
}
