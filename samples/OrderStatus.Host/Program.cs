using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Host;

// dotnet run --project samples/OrderStatus.Host   (a client then calls ws://localhost:5000/orders; see README.md)
var builder = WebApplication.CreateBuilder(args);

// RealtimeVoiceAgent:* sets the model (Endpoint, Model, ApiKey); without an ApiKey the SDK reads OPENAI_API_KEY.
builder.Services.AddRealtimeVoiceAgent(builder.Configuration.GetSection("RealtimeVoiceAgent"))
    .AddAgent<OrderAgent>();
builder.Services.AddSingleton<OrderBook>();

var app = builder.Build();
app.UseWebSockets();
app.MapVoiceAgent("/orders");
app.Run();
