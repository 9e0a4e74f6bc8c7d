using Router.Gateway.Hosting;

var builder = RouterNode.CreateBuilder(args);
var app = RouterNode.Build(builder);
app.Run();
