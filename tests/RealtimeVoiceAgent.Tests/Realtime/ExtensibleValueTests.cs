using System;
using RealtimeVoiceAgent.Events;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

// The extensible enums that replace free strings: each row is one struct, so every struct gets the same checks.
public class ExtensibleValueTests
{
    // The well-known value, its wire string, the same value converted from that string, and a value the SDK does not
    // name, converted from a string, as the service might send it tomorrow.
    public static TheoryData<object, string, object, object> Values() => new()
    {
        { RealtimeOutputModality.Text, "text", (RealtimeOutputModality)"text", (RealtimeOutputModality)"video" },
        { RealtimeItemType.FunctionCall, "function_call", (RealtimeItemType)"function_call", (RealtimeItemType)"web_search_call" },
        { RealtimeItemStatus.InProgress, "in_progress", (RealtimeItemStatus)"in_progress", (RealtimeItemStatus)"searching" },
        { RealtimeItemRole.Assistant, "assistant", (RealtimeItemRole)"assistant", (RealtimeItemRole)"developer" },
        { RealtimeResponseStatus.Cancelled, "cancelled", (RealtimeResponseStatus)"cancelled", (RealtimeResponseStatus)"paused" },
        { RealtimeToolChoice.Required, "required", (RealtimeToolChoice)"required", (RealtimeToolChoice)"any" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void ImplicitConversion_WellKnownWireString_EqualsTheStaticValue(object wellKnown, string wire, object converted, object unknown)
    {
        // Act
        bool equal = wellKnown.Equals(converted);

        // Assert
        Assert.True(equal);
        Assert.Equal(wellKnown.GetHashCode(), converted.GetHashCode());
        Assert.Equal(wire, converted.ToString());
        Assert.NotEqual(wellKnown, unknown);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void ImplicitConversion_UnknownWireString_KeepsTheStringAndEqualsItself(object wellKnown, string wire, object converted, object unknown)
    {
        // Act
        string text = unknown.ToString()!;

        // Assert
        Assert.NotEqual(wire, text);
        Assert.NotEmpty(text);
        Assert.Equal(unknown, Activator.CreateInstance(unknown.GetType(), text));
        Assert.NotEqual(converted, unknown);
        Assert.IsType(wellKnown.GetType(), unknown);
    }

    [Fact]
    public void EqualityOperators_SameAndDifferentWireStrings_CompareOrdinally()
    {
        // Arrange
        RealtimeItemType lowerCase = "message";
        RealtimeItemType upperCase = "MESSAGE";

        // Act
        bool same = lowerCase == RealtimeItemType.Message && RealtimeItemStatus.Completed == "completed"
            && RealtimeItemRole.User == "user" && RealtimeResponseStatus.Failed == "failed" && RealtimeOutputModality.Audio == "audio";
        bool different = upperCase != RealtimeItemType.Message && RealtimeItemStatus.Incomplete != "completed"
            && RealtimeItemRole.System != "user" && RealtimeResponseStatus.Incomplete != "failed" && RealtimeOutputModality.Text != "audio";

        // Assert
        Assert.True(same);
        Assert.True(different);
    }

    [Fact]
    public void Constructor_NullOrEmpty_Throws()
    {
        // Act + Assert
        Assert.Throws<ArgumentException>(() => new RealtimeItemType(string.Empty));
        Assert.Throws<ArgumentNullException>(() => new RealtimeItemStatus(null!));
        Assert.Throws<ArgumentException>(() => (RealtimeItemRole)string.Empty);
        Assert.Throws<ArgumentException>(() => RealtimeResponseStatus.FromString(string.Empty));
        Assert.Throws<ArgumentException>(() => new RealtimeOutputModality(string.Empty));
    }

    [Fact]
    public void Default_Value_IsEmptyAndEqualsNoWellKnownValue()
    {
        // Arrange
        RealtimeItemType none = default;

        // Act
        string value = none.Value;

        // Assert
        Assert.Equal(string.Empty, value);
        Assert.NotEqual(RealtimeItemType.Message, none);
    }
}
