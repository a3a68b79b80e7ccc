using System.ComponentModel;
using System.Linq;
using RealtimeVoiceAgent.Tools;

namespace OrderStatus.Host;

/// <summary>The tool's side: the shop's orders, an in-memory table standing in for a real order system.</summary>
public sealed class OrderBook
{
    private readonly Order[] _orders =
    [
        new("1001", "delivered", "Delivered on Monday to the front desk."),
        new("1002", "shipped", "On its way with the courier; it should arrive on Thursday."),
        new("1003", "processing", "Being packed; it ships tomorrow."),
    ];

    // get_order_status: the order (sent to the model as JSON), or an error the model can read back to the caller.
    public ToolResult GetStatus([Description("The order number, e.g. 1002.")] string orderId) =>
        _orders.FirstOrDefault(o => o.OrderId == string.Concat(orderId.Where(char.IsAsciiDigit))) is { } order
            ? ToolResult.Success(order) : ToolResult.Failure(new ToolError("order_not_found", $"There is no order '{orderId}'."));
}

/// <summary>What the model is told about an order.</summary>
public sealed record Order(string OrderId, string Status, string Detail);
